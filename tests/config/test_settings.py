"""Settings come from the environment, typed, validated with a message naming the variable."""

import pytest

from config.settings import Settings, SettingsError


def test_defaults_are_embedded_mode():
    settings = Settings.from_env({})
    assert settings.embedded and settings.job_timeout == 60 and settings.max_batch == 1000


def test_values_are_parsed():
    settings = Settings.from_env({
        "REDIS_URL": "redis://h:6379/1",
        "CORROBORATE_JOB_TIMEOUT": "30",
        "CORROBORATE_RETRY_INTERVALS": "2, 4",
        "CORROBORATE_CORROBORATED_MIN_SCORE": "0.8",
    })
    assert not settings.embedded
    assert settings.job_timeout == 30 and settings.retry_intervals == (2, 4)
    assert settings.scoring.corroborated_min_score == 0.8


@pytest.mark.parametrize(
    "variable, value",
    [
        ("CORROBORATE_JOB_TIMEOUT", "soon"),
        ("CORROBORATE_JOB_TIMEOUT", "0"),
        ("CORROBORATE_DEFAULT_RELIABILITY", "1.5"),
        ("CORROBORATE_REFUTED_MAX_SCORE", "0.9"),
    ],
)
def test_a_bad_value_names_its_variable(variable, value):
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({variable: value})
    assert variable in str(raised.value)


def test_every_setting_is_in_the_readme_settings_table():
    from pathlib import Path

    from config import settings

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip().strip("`") for line in readme.splitlines() if line.startswith("| `")}
    variables = {*settings._ENVIRONMENT, *settings._SCORING_ENVIRONMENT, *settings._DATABASE_ENVIRONMENT}
    assert sorted(variables - rows) == []
