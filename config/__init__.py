"""Settings for every Corroborate process, read once from the environment."""

from config.settings import ScoringSettings, Settings, SettingsError

__all__ = ["ScoringSettings", "Settings", "SettingsError"]
