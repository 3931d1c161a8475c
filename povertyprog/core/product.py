"""The product's name, one translatable string used by every page, the admin and e-mails.

Its Thai form is the programme's own wording (โครงการบริหารจัดการครัวเรือนยากจนแบบบูรณาการ);
the short form fits the navbar of a phone.
"""

from django.utils.translation import gettext_lazy as _

PRODUCT_NAME = _("Integrated Poor Household Management System")
PRODUCT_SHORT_NAME = _("Poor Household Management")
