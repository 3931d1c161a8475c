"""Labels of this app's activity-log action codes (povertyprog/audit/labels.py), one module
per part of the fair."""

from .booths import ACTION_LABELS as BOOTHS
from .checkin import ACTION_LABELS as CHECKIN
from .fairs import ACTION_LABELS as FAIRS
from .invitations import ACTION_LABELS as INVITATIONS
from .letters import ACTION_LABELS as LETTERS

ACTION_LABELS = {**FAIRS, **INVITATIONS, **LETTERS, **CHECKIN, **BOOTHS}
