"""Which demo accounts (by index) play which part, so every playbook rule has a case."""

NEW_ACCOUNTS = {5: 20, 17: 40, 30: 8, 41: 52}  # index: days since the initial transaction
NON_ENGAGED = {3: 75, 14: 95, 26: 66, 38: 80}  # index: days since the last call
LATE_P1_CALLS = {0, 2, 8, 12}
RED = {6, 19, 33}
STALE_HEALTH = {8, 22, 35, 44}
NO_EBR_EVER = {9, 27, 44, 45}  # 44 and 45 bring one book under the EBR coverage target
EBR_DUE_SOON = {2, 12, 24, 36, 46}
EBR_IN_PLANNING = {10, 20}
NO_EXECUTIVE = {11, 29, 40}
STALE_EXECUTIVE = {15, 31}
NO_PLAN = {13, 39}
PLAN_UNSHARED = {16, 34}
PLAN_UNREVIEWED = {21, 43}
NO_RECENT_SURVEY = {7, 25, 37}
AT_RISK = {4, 28}
RENEWAL_NOT_CLOSED = {11: 12}  # index: days since its renewal date, still open (REN-6)
OPEN_EXPANSION = {1: "tier_upgrade", 23: "new_business_unit", 42: "tier_upgrade"}
CLOSED_EXPANSION = {7: "won", 18: "lost", 25: "won", 44: "won"}
LOW_ADOPTION = {0, 2, 4, 8, 10, 12, 16, 18, 20, 32, 45}
DEVSECOPS_RED = {24, 47}
NO_USE_CASES = {30}  # a new account whose use cases nobody has assessed yet (ADOPT-2)
PLAN_NOT_UPDATED = {15, 22}  # the success plan was not updated after the last EBR (EBR-4)
FULLY_ADOPTED = {1, 7, 23, 31, 42}  # every use case green, 90% of licenses active (ADOPT-1)
