"""How much the independent clusters should move belief: a Beta posterior."""

from __future__ import annotations

from dataclasses import dataclass

from scipy.special import betaincinv


@dataclass(frozen=True)
class Posterior:
    alpha: float
    beta: float

    @property
    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)

    def credible_interval(self, mass: float) -> tuple[float, float]:
        """Equal-tailed credible interval holding `mass` of the posterior."""
        tail = (1.0 - mass) / 2.0
        low = float(betaincinv(self.alpha, self.beta, tail))
        high = float(betaincinv(self.alpha, self.beta, 1.0 - tail))
        return low, high


def update(prior_confirm: float, prior_deny: float, confirming: float, denying: float) -> Posterior:
    """Beta(prior_confirm, prior_deny) updated by weighted confirming and denying pseudo-counts."""
    return Posterior(alpha=prior_confirm + confirming, beta=prior_deny + denying)
