/* Django admin's JavaScript strings that Django's Thai catalogue (djangojs) lacks or leaves in
 * English, so that `makemessages -d djangojs` keeps them in locale/th/LC_MESSAGES/djangojs.po;
 * the admin's jsi18n view merges the project's catalogue over Django's.
 *
 * Never loaded by a page: makemessages only reads the calls below (as
 * povertyprog/core/django_strings.py does for the Python domain). Each msgid is copied
 * exactly from Django 6.1's django/contrib/admin/locale/en/LC_MESSAGES/djangojs.po.
 */
/* global gettext, ngettext, pgettext */
"use strict";

var DJANGO_ADMIN_STRINGS = [
  // SelectFilter2.js: the two-list chooser of many-to-many fields
  gettext('Choose %s by selecting them and then select the "Choose" arrow button.'),
  gettext("Choose all %s"),
  gettext("Choose selected %s"),
  gettext("Remove selected %s"),
  gettext('Remove %s by selecting them and then select the "Remove" arrow button.'),
  gettext("Type into this box to filter down the list of selected %s."),
  gettext("(click to clear)"),
  gettext("Remove all %s"),
  ngettext("%s selected option not visible", "%s selected options not visible", 1),
  // actions.js (Django's Thai leaves "selected" in English)
  ngettext("%(sel)s of %(cnt)s selected", "%(sel)s of %(cnt)s selected", 1),
  gettext(
    "You have selected an action, but you haven’t saved your changes to individual fields yet. Please click OK to save. You’ll need to re-run the action."
  ),
  gettext(
    "You have selected an action, and you haven’t made any changes on individual fields. You’re probably looking for the Run button rather than the Save button."
  ),
  // DateTimeShortcuts.js and calendar.js: the date and time pickers
  gettext("server"),
  ngettext(
    "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour ahead.)",
    "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hours ahead.)",
    1
  ),
  ngettext(
    "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour behind.)",
    "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hours behind.)",
    1
  ),
  gettext("Today (%(date)s)"),
  gettext("Yesterday (%(date)s)"),
  gettext("Tomorrow (%(date)s)"),
  gettext("Previous (%(month)s %(year)s)"),
  gettext("Next (%(month)s %(year)s)"),
  pgettext("abbrev. month January", "Jan"),
  pgettext("abbrev. month February", "Feb"),
  pgettext("abbrev. month March", "Mar"),
  pgettext("abbrev. month April", "Apr"),
  pgettext("abbrev. month May", "May"),
  pgettext("abbrev. month June", "Jun"),
  pgettext("abbrev. month July", "Jul"),
  pgettext("abbrev. month August", "Aug"),
  pgettext("abbrev. month September", "Sep"),
  pgettext("abbrev. month October", "Oct"),
  pgettext("abbrev. month November", "Nov"),
  pgettext("abbrev. month December", "Dec"),
  gettext("Sunday"),
  gettext("Monday"),
  gettext("Tuesday"),
  gettext("Wednesday"),
  gettext("Thursday"),
  gettext("Friday"),
  gettext("Saturday"),
  pgettext("abbrev. day Sunday", "Sun"),
  pgettext("abbrev. day Monday", "Mon"),
  pgettext("abbrev. day Tuesday", "Tue"),
  pgettext("abbrev. day Wednesday", "Wed"),
  pgettext("abbrev. day Thursday", "Thur"),
  pgettext("abbrev. day Friday", "Fri"),
  pgettext("abbrev. day Saturday", "Sat"),
  gettext("%(month)s %(day)s, %(year)s"),
  gettext("%s (today, current selection)"),
  gettext("%s (today)"),
  gettext("%s (current selection)"),
];
