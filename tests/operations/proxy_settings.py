"""Production settings for the two-process test of the log-in limits
(tests/operations/test_shared_rate_limits.py), with allauth's window for failed log-ins per
address widened from a minute to ten: on a busy two-core machine ten password checks can take
longer than a minute, and the first would expire before the eleventh is counted. The limits
counted, and how the processes share them, are production's."""

from config.settings import *  # noqa: F403

ACCOUNT_RATE_LIMITS = {"login_failed": "10/10m/ip,5/300s/key"}
