"""One access matrix over every URL of the project: persona × URL pattern × method × object.

Every URL pattern the project resolves (app pages, downloads, htmx fragments, auth pages,
the whole admin, import-export's admin views) is tried by every persona with GET and POST
on Chiang Mai and Lamphun objects, and the answer must be the one this table gives. A URL
pattern the table does not classify fails `test_every_url_pattern_is_classified`, so no
view can ship without saying who may open it.

How to read a row: one word per persona, in the order of PERSONAS.
    200 404 405 403   the status code
    log               302 to a login page (the app's, or the admin's own)
    red               302 anywhere else (a POST that did its work, a list with one entry)
A row given as a dict is per object (see OBJECTS); objects it does not name answer NOBODY
(404 for everyone logged in: out of scope and missing look alike). POSTs carry an empty
body, so they exercise the guard and not the write: a persona allowed to POST gets the form
back with its errors (200) or the redirect of a done action; every request is rolled back.

The admin's rows are derived from the admin registry by the rules above ADMIN_MODELS
(admin_model_expected). Every expectation lives in this file's tables: when a decision
differs, change its line here.
"""

import logging
import sys
import types

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.urls import reverse

from households.models import Household

from .matrix import (
    LOGIN,
    MISSING_PK,
    REDIRECT,
    Requester,
    admin_model_url,
    admin_model_urls,
    build_world,
    outcome,
    url_patterns,
)

PERSONAS = (
    "admin",  # province admin, Chiang Mai (50)
    "staff",  # province staff, Chiang Mai (50)
    "officer_other",  # district officer of Mueang (5001): the "in" objects are Mae Rim's
    "officer_own",  # district officer of Mae Rim (5007): the "in" objects are theirs
    "liaison_other",  # agency liaison of an agency that signed and pledged nothing
    "viewer",  # viewer, Chiang Mai (50): aggregates on the home page only
    "no_role",  # active user whose role is not given yet (role ""): the home page only
    "desk",  # fair desk staff, Chiang Mai (50): the fair's check-in desk only
    "anonymous",
)
PERSONA_FIXTURES = {
    "admin": "province_admin",
    "staff": "province_staff",
    "officer_other": "district_officer_mueang",
    "officer_own": "district_officer_mae_rim",
    "liaison_other": "liaison_of_another_agency",
    "viewer": "viewer",
    "no_role": "no_role",
    "desk": "fair_desk",
}


def row(text: str) -> tuple[str, ...]:
    words = tuple(text.split())
    assert len(words) == len(PERSONAS), text
    return words


#                adm stf oth own lia vie nor dsk ano
EVERYONE = row(" 200 200 200 200 200 200 200 200 200")
NOBODY = row("   404 404 404 404 404 404 404 404 log")  # out of scope, missing, or not for the role
NOT_THIS_METHOD = row("405 405 405 405 405 405 405 405 log")  # the login check comes first
# The permission comes before the method: a role that may not use a page gets 404 whatever
# it sends; one that may gets 405 for the wrong method (before any object is looked up).
MANAGERS_ONLY_POST = row("405 405 404 404 404 404 404 404 log")
DIRECTORY_ONLY_GET = row("405 405 405 405 405 404 404 404 log")
LOGGED_IN = row("200 200 200 200 200 200 200 200 log")
PERSONAL_DATA = row("200 200 200 200 200 404 404 404 log")  # liaisons see an empty list
ADMIN_ONLY = row(" 200 404 404 404 404 404 404 404 log")
ADMIN_DONE = row(" red 404 404 404 404 404 404 404 log")
MANAGERS = row("   200 200 404 404 404 404 404 404 log")
MANAGERS_DONE = row("red red 404 404 404 404 404 404 log")
DIRECTORY = row("  200 200 200 200 200 404 404 404 log")  # viewers: aggregates on the home page
MAE_RIM = row(
    "    200 200 404 200 404 404 404 404 log"
)  # province-wide roles and Mae Rim's officer
CASE_FORM_GET = row("405 405 405 405 404 404 404 404 log")  # who targets, before the object
MAE_RIM_AGENCY = row("200 200 200 200 404 404 404 404 log")  # every officer of the province
# Fair: letters
LETTER_PRINTERS = row("200 200 200 200 404 404 404 404 log")  # fair managers, district officers
LETTERS_GET_ONLY = row("405 405 405 405 404 404 404 404 log")  # MANAGE_FAIR, then the method
# Fair: check-in: whoever checks in at the fair's province; GET-only pages answer POST 405.
CHECK_IN_DESK = row("200 200 200 200 404 404 404 200 log")
CHECK_IN_GET_ONLY = row("405 405 405 405 404 404 404 405 log")
# Fair: booths and reports
FAIR_MANAGERS = row("200 200 200 200 404 404 404 404 log")  # every officer of the province
FAIR_MANAGERS_GET_ONLY = row("405 405 405 405 404 404 404 404 log")
FAIR_DESKS = row("200 200 200 200 404 404 404 200 log")  # CHECK_IN: desk staff too


def page(get, post=None, *, variants=()):
    """A URL's expectations. `post` None: the view answers POST as it answers GET."""
    return {"GET": get, "POST": get if post is None else post, "variants": variants}


XLSX = ("xlsx",)  # the same URL with ?format=xlsx: the list's download
HTMX = ("htmx",)  # the same URL asked by htmx (HX-Request): the fragment that polls
VARIANTS = {"xlsx": {"data": {"format": "xlsx"}}, "htmx": {"headers": {"HX-Request": "true"}}}

# fmt: off
TABLE = {
    # Core and auth ---------------------------------------------------------------------
    "home": page(LOGGED_IN, NOT_THIS_METHOD),  # no role: "ask for a role"
    "healthz": page(EVERYONE, row("405 405 405 405 405 405 405 405 405")),
    "set_language": page(row("red red red red red red red red red")),
    "login": page(EVERYONE),
    "logout": page(NOT_THIS_METHOD, row("log log log log log log log log log")),
    "password_change": page(LOGGED_IN),
    "password_change_done": page(LOGGED_IN, NOT_THIS_METHOD),
    "password_reset": page(EVERYONE),
    "password_reset_done": page(EVERYONE, row("405 405 405 405 405 405 405 405 405")),
    "password_reset_confirm": page(EVERYONE),  # a link with a bad token: "invalid link"
    "password_reset_complete": page(EVERYONE, row("405 405 405 405 405 405 405 405 405")),
    # Areas ---------------------------------------------------------------------------
    # One province in the scope: straight to it. No role: nothing but the home page.
    "areas:browse": page(row("red red red red red red 404 404 log")),
    "areas:detail": page({"in": row("200 200 404 200 200 200 404 404 log")}),
    # Households ----------------------------------------------------------------------
    "households:list": page(PERSONAL_DATA),
    "households:export": page(row("200 200 200 200 404 404 404 404 log")),  # full citizen IDs
    "households:detail": page(
        {"in": MAE_RIM, "mueang": row("200 200 200 404 404 404 404 404 log")}
    ),
    # Recording a move: who manages the cases where the household lives (an empty POST gets
    # the form back with its errors).
    "households:household_move": page({"in": MAE_RIM}),
    "households:import_list": page(ADMIN_ONLY),
    "households:import_new": page(ADMIN_ONLY),
    "households:import_template": page(ADMIN_ONLY),
    # POST: confirm, or abandon (an "abandon" field) the previewed batch.
    "households:import_detail": page({"in": ADMIN_ONLY}, {"in": ADMIN_DONE}, variants=HTMX),
    "households:import_error_sheet": page({"in": ADMIN_ONLY}),
    # The province's figures, no personal data: province-wide roles and the province's
    # viewers; a district officer's door to the programme is their case list (next slice).
    # The list: whoever sees the figures (district officers too: a link to their cases).
    "households:programme_list": page(
        row("200 200 200 200 404 200 404 404 log"), row("405 405 405 405 404 405 404 404 log")
    ),
    # Opening one: province-wide managers; an empty POST gets the form back with errors.
    "households:programme_new": page(MANAGERS),
    # Start or close: POST only; an empty one goes back to the list with a message.
    "households:programme_status": page(CASE_FORM_GET, {"in": MANAGERS_DONE}),
    "households:programme_detail": page({"in": row("200 200 404 404 404 200 404 404 log")}),
    # Province-wide roles only, once: the "in" programme has its targets already, so the
    # screen sends them back to the overview.
    "households:programme_targeting": page({"in": MANAGERS_DONE}),
    # Cases are personal data for those who target: province-wide roles and the officer of
    # the district the household lives in (the "in" case is Mae Rim's); liaisons (until
    # host agencies) and viewers get 404. The list's download is the same list as .xlsx.
    "households:case_list": page(row("200 200 200 200 404 404 404 404 log"), variants=XLSX),
    "households:case_detail": page({"in": MAE_RIM}),
    # POST only: an empty body gets the form back with its errors.
    "households:case_verify": page(CASE_FORM_GET, {"in": MAE_RIM}),
    "households:case_capacity": page(CASE_FORM_GET, {"in": MAE_RIM}),
    # The life compass: who may check the case in the field draws up its plan. Its status
    # form answers an empty POST by going back to the plan (with the error).
    "households:case_plan": page({"in": MAE_RIM}),
    "households:plan_activity_status": page(
        CASE_FORM_GET, {"in": row("red red 404 red 404 404 404 404 log")}
    ),
    "households:case_plan_agree": page(CASE_FORM_GET, {"in": MAE_RIM}),
    "households:case_plan_pdf": page({"in": MAE_RIM}, CASE_FORM_GET),
    # Recording a follow-up visit: as the field check, a form of its own (an empty POST gets
    # the form back with its errors).
    "households:case_visit": page({"in": MAE_RIM}),
    # One case's host, from the case page: POST only; an empty one goes back to the case.
    "households:case_host": page(CASE_FORM_GET, {"in": row("red red 404 red 404 404 404 404 log")}),
    # Overdue visits and plan activities in the user's scope, each list downloadable.
    "households:follow_ups": page(row("200 200 200 200 404 404 404 404 log"), variants=XLSX),
    # Bulk host assignment: province-wide managers of the programme; an empty POST gets the
    # form back with its errors.
    "households:programme_hosts": page({"in": MANAGERS}),
    # Cases with a host: liaisons see their agency's (none for liaison_other), officers
    # their area's; viewers and no role nothing.
    "households:hosted_cases": page(PERSONAL_DATA),
    # Recording assistance: a case in scope. The "in" case is the Chiang Mai programme's one
    # target, a Mae Rim household, hosted by an agency not liaison_other's.
    "households:assistance_new": page({"in": MAE_RIM}),
    # Agencies and MOUs ---------------------------------------------------------------
    "agencies:agency_list": page(DIRECTORY, variants=XLSX),
    "agencies:agency_new": page(MANAGERS),
    # A liaison sees their own agency only.
    "agencies:agency_detail": page({"in": MAE_RIM_AGENCY, "national": MAE_RIM_AGENCY}),
    # Only national-scope managers change a national agency.
    "agencies:agency_edit": page({"in": MANAGERS, "national": NOBODY}),
    "agencies:mou_list": page(DIRECTORY, variants=XLSX),
    "agencies:mou_new": page(MANAGERS),
    "agencies:mou_detail": page({"in": MAE_RIM}),
    "agencies:mou_edit": page({"in": MANAGERS}),
    "agencies:mou_sign": page(MANAGERS_ONLY_POST, {"in": MANAGERS}),
    "agencies:mou_signatory_add": page(MANAGERS_ONLY_POST, {"in": MANAGERS}),
    "agencies:mou_signatory_remove": page(MANAGERS_ONLY_POST, {"in": MANAGERS_DONE}),
    "agencies:mou_cancel": page(MANAGERS_ONLY_POST, {"in": MANAGERS_DONE}),
    "agencies:pledge_new": page({"in": MANAGERS}),
    "agencies:pledge_remove": page(MANAGERS_ONLY_POST, {"in": MANAGERS_DONE}),
    "agencies:pledge_edit": page({"in": MANAGERS}),
    "agencies:mou_document": page({"in": MAE_RIM}, {"in": MANAGERS_DONE}),
    "agencies:mou_pdf": page({"in": MAE_RIM}, DIRECTORY_ONLY_GET),
    # Fair: check-in ------------------------------------------------------------------
    # The desks' JSON endpoint: POST only, for whoever checks in at the fair's province
    # (an empty body is a bad request: 400).
    "events:check_in_api": page(
        row("405 405 405 405 404 404 404 405 log"),
        {"in": row("400 400 400 400 404 404 404 400 log")},
    ),
    # Fair: fairs -----------------------------------------------------------------------
    # The list: whoever works on a fair (CHECK_IN: managers, district officers, desk staff).
    "events:fair_list": page(row("200 200 200 200 404 404 404 200 log"),
                             row("405 405 405 405 404 404 404 405 log")),
    # A new fair, its details, quotas, desks, booths, MOUs and plan of work: the province's
    # fair managers only (district officers hold MANAGE_FAIR for their invitations: 404).
    # Empty POSTs: a form back with its errors (200), or nothing to change (a redirect).
    "events:fair_new": page(MANAGERS),
    # The overview and the board: managers and district officers (read-only); not desks.
    "events:fair_detail": page({"in": row("200 200 200 200 404 404 404 404 log")},
                               row("405 405 405 405 404 404 404 404 log")),
    "events:fair_board": page({"in": row("200 200 200 200 404 404 404 404 log")},
                              row("405 405 405 405 404 404 404 404 log"), variants=HTMX),
    "events:fair_edit": page({"in": MANAGERS}),
    "events:fair_quotas": page({"in": MANAGERS}, {"in": MANAGERS_DONE}),
    "events:fair_desks": page({"in": MANAGERS}),
    "events:fair_desk_rename": page(row("405 405 405 405 404 404 404 404 log"),
                                    {"in": MANAGERS_DONE}),
    "events:fair_desk_remove": page(row("405 405 405 405 404 404 404 404 log"),
                                    {"in": MANAGERS_DONE}),
    "events:fair_booths": page({"in": MANAGERS}),
    "events:fair_booth_edit": page({"in": MANAGERS}),
    "events:fair_booth_remove": page(row("405 405 405 405 404 404 404 404 log"),
                                     {"in": MANAGERS_DONE}),
    "events:fair_mous": page({"in": MANAGERS}, {"in": MANAGERS_DONE}),
    "events:fair_plan": page({"in": MANAGERS}, variants=XLSX),
    "events:fair_task_status": page(row("405 405 405 405 404 404 404 404 log"),
                                    {"in": MANAGERS_DONE}),
    "events:fair_task_edit": page({"in": MANAGERS}),
    "events:fair_task_remove": page(row("405 405 405 405 404 404 404 404 log"),
                                    {"in": MANAGERS_DONE}),
    # Fair: invitations ---------------------------------------------------------------
    # Fair managers of the province and every district officer of it (an officer sees
    # their district's invitations: Mueang's none of the "in" fair's, which are Mae Rim's);
    # the fair desk only checks in. An empty POST: the list again, or a redirect with a
    # message (add: no household chosen; generate: nothing left to invite for Mueang).
    "events:invitation_list": page(
        {"in": row("200 200 200 200 404 404 404 404 log")}, variants=XLSX
    ),
    "events:invitation_generate": page(
        CASE_FORM_GET, {"in": row("red red red red 404 404 404 404 log")}
    ),
    "events:invitation_add": page(
        {"in": row("200 200 200 200 404 404 404 404 log")},
        {"in": row("red red red red 404 404 404 404 log")},
    ),
    # A village of Mae Rim: the officer of Mueang sees none of its invitations.
    "events:rsvp_village_confirm": page(
        {"in": MAE_RIM}, {"in": row("red red 404 red 404 404 404 404 log")}
    ),
    # One invitation (a Mae Rim household's): an empty POST gets the form back.
    "events:invitation_detail": page({"in": MAE_RIM}),
    "events:invitation_answer": page(
        CASE_FORM_GET, {"in": row("red red 404 red 404 404 404 404 log")}
    ),
    "events:invitation_remove": page(
        CASE_FORM_GET, {"in": row("red red 404 red 404 404 404 404 log")}
    ),
    # The public answer page: the code is the key, anyone may open it (an empty POST gets
    # the buttons back); an unknown code is the site's 404, for everyone.
    "events:rsvp_public": page(
        {"in": EVERYONE, "out": EVERYONE, "missing": row("404 404 404 404 404 404 404 404 404")}
    ),
    # Fair: letters ---------------------------------------------------------------------
    # The letterhead: the province's fair managers. Batches: they print any district, a
    # district officer their own (the Mae Rim batch is Mae Rim's officer's); downloads and
    # one household's letter follow the same scope. PDFs and progress are GET only.
    "events:letterhead_edit": page({"in": MANAGERS}),
    "events:letter_batches": page({"in": LETTER_PRINTERS}),
    "events:letter_batch_detail": page({"in": MAE_RIM}, LETTERS_GET_ONLY, variants=HTMX),
    "events:letter_batch_download": page({"in": MAE_RIM}, LETTERS_GET_ONLY),
    "events:invitation_letter": page({"in": MAE_RIM}, LETTERS_GET_ONLY),
    # The desk page and its fragments: GET only, for whoever checks in at the fair's
    # province (a district officer of another district too: their own district's cases).
    "events:desk_choose": page(CHECK_IN_DESK, CHECK_IN_GET_ONLY),
    "events:desk": page({"in": CHECK_IN_DESK}, CHECK_IN_GET_ONLY),
    "events:desk_search": page({"in": CHECK_IN_DESK}, CHECK_IN_GET_ONLY),
    "events:desk_counter": page({"in": CHECK_IN_DESK}, CHECK_IN_GET_ONLY),
    # One tap on a Mae Rim case: Mueang's officer may not check it in (404).
    "events:desk_check_in": page(
        row("405 405 405 405 404 404 404 405 log"),
        {"in": row("200 200 404 200 404 404 404 200 log")},
    ),
    # Fair: booths and reports --------------------------------------------------------
    # Booths: MANAGE_FAIR (staff and every officer of the province find the fair; the
    # households' services decide whose cases they record). The attendance report is
    # aggregates (VIEW_DASHBOARD, viewers too); the no-show list is personal data
    # (MANAGE_FAIR). The paper sheets: CHECK_IN, desk staff too. "foreign": a booth or a
    # desk of another fair, asked under this fair.
    "events:booth_list": page({"in": FAIR_MANAGERS}, FAIR_MANAGERS_GET_ONLY),
    "events:booth_detail": page({"in": FAIR_MANAGERS, "foreign": NOBODY}),
    "events:report_attendance": page(
        {"in": row("200 200 200 200 404 200 404 404 log")},
        row("405 405 405 405 404 405 404 404 log"),
        variants=XLSX,
    ),
    "events:report_no_shows": page({"in": FAIR_MANAGERS}, FAIR_MANAGERS_GET_ONLY, variants=XLSX),
    "events:sheet_pdf": page(
        {"in": FAIR_DESKS, "foreign": NOBODY}, row("405 405 405 405 404 404 404 405 log")
    ),
    "events:sheet_entry": page({"in": FAIR_DESKS, "foreign": NOBODY}),
}
# fmt: on

# The objects each URL's parameters are taken from (build_world's sides), for URLs that
# take any: "in", "out" and "missing" always, and any other side a row names.
OBJECTS = {
    "areas:detail": lambda o: {"code": o.area_code},
    "households:detail": lambda o: {"pk": o.household.pk},
    "households:household_move": lambda o: {"pk": o.household.pk},
    "households:import_detail": lambda o: {"pk": o.batch.pk},
    "households:import_error_sheet": lambda o: {"pk": o.batch.pk},
    "households:programme_detail": lambda o: {"pk": o.programme.pk},
    "households:programme_targeting": lambda o: {"pk": o.programme.pk},
    "households:programme_status": lambda o: {"pk": o.programme.pk},
    "households:case_detail": lambda o: {"pk": o.target.pk},
    "households:case_verify": lambda o: {"pk": o.target.pk},
    "households:case_capacity": lambda o: {"pk": o.target.pk},
    "households:case_visit": lambda o: {"pk": o.target.pk},
    "households:programme_hosts": lambda o: {"pk": o.programme.pk},
    "households:case_plan": lambda o: {"pk": o.target.pk},
    "households:plan_activity_status": lambda o: {"pk": o.target.pk, "activity": o.activity.pk},
    "households:case_plan_agree": lambda o: {"pk": o.target.pk},
    "households:case_plan_pdf": lambda o: {"pk": o.target.pk},
    "households:assistance_new": lambda o: {"pk": o.target.pk},
    "households:case_host": lambda o: {"pk": o.target.pk},
    "agencies:agency_detail": lambda o: {"pk": o.agency.pk},
    "agencies:agency_edit": lambda o: {"pk": o.agency.pk},
    "agencies:mou_detail": lambda o: {"pk": o.mou.pk},
    "agencies:mou_edit": lambda o: {"pk": o.mou.pk},
    "agencies:mou_sign": lambda o: {"pk": o.mou.pk},
    "agencies:mou_signatory_add": lambda o: {"pk": o.mou.pk},
    "agencies:mou_signatory_remove": lambda o: {
        "pk": o.signatory.mou_id,
        "signatory_pk": o.signatory.pk,
    },
    "agencies:mou_cancel": lambda o: {"pk": o.mou.pk},
    "agencies:pledge_new": lambda o: {"pk": o.mou.pk},
    "agencies:pledge_remove": lambda o: {"pk": o.pledge.mou_id, "pledge_pk": o.pledge.pk},
    "agencies:pledge_edit": lambda o: {"pk": o.pledge.mou_id, "pledge_pk": o.pledge.pk},
    "agencies:mou_document": lambda o: {"pk": o.mou.pk},
    "agencies:mou_pdf": lambda o: {"pk": o.mou.pk},
    # Fair: check-in
    "events:check_in_api": lambda o: {"pk": o.fair.pk},
    # Fair: fairs
    "events:fair_detail": lambda o: {"pk": o.fair.pk},
    "events:fair_board": lambda o: {"pk": o.fair.pk},
    "events:fair_edit": lambda o: {"pk": o.fair.pk},
    "events:fair_quotas": lambda o: {"pk": o.fair.pk},
    "events:fair_desks": lambda o: {"pk": o.fair.pk},
    "events:fair_desk_rename": lambda o: {"pk": o.desk.fair_id, "desk_pk": o.desk.pk},
    "events:fair_desk_remove": lambda o: {"pk": o.desk.fair_id, "desk_pk": o.desk.pk},
    "events:fair_booths": lambda o: {"pk": o.fair.pk},
    "events:fair_booth_edit": lambda o: {"pk": o.booth.fair_id, "booth_pk": o.booth.pk},
    "events:fair_booth_remove": lambda o: {"pk": o.booth.fair_id, "booth_pk": o.booth.pk},
    "events:fair_mous": lambda o: {"pk": o.fair.pk},
    "events:fair_plan": lambda o: {"pk": o.fair.pk},
    "events:fair_task_status": lambda o: {"pk": o.task.fair_id, "task_pk": o.task.pk},
    "events:fair_task_edit": lambda o: {"pk": o.task.fair_id, "task_pk": o.task.pk},
    "events:fair_task_remove": lambda o: {"pk": o.task.fair_id, "task_pk": o.task.pk},
    # Fair: invitations
    "events:invitation_list": lambda o: {"pk": o.fair.pk},
    "events:invitation_generate": lambda o: {"pk": o.fair.pk},
    "events:invitation_add": lambda o: {"pk": o.fair.pk},
    "events:rsvp_village_confirm": lambda o: {"pk": o.fair.pk, "village": o.village_code},
    "events:invitation_detail": lambda o: {"pk": o.invitation.pk},
    "events:invitation_answer": lambda o: {"pk": o.invitation.pk},
    "events:invitation_remove": lambda o: {"pk": o.invitation.pk},
    "events:rsvp_public": lambda o: {"code": o.invitation.code},
    # Fair: letters
    "events:letterhead_edit": lambda o: {"fair_pk": o.letters_fair.pk},
    "events:letter_batches": lambda o: {"fair_pk": o.letters_fair.pk},
    "events:letter_batch_detail": lambda o: {
        "fair_pk": o.letters_fair.pk,
        "pk": o.letters_batch.pk,
    },
    "events:letter_batch_download": lambda o: {
        "fair_pk": o.letters_fair.pk,
        "pk": o.letters_batch.pk,
    },
    "events:invitation_letter": lambda o: {"pk": o.letters_invitation.pk},
    "events:desk": lambda o: {"pk": o.fair.pk},
    "events:desk_search": lambda o: {"pk": o.fair.pk},
    "events:desk_counter": lambda o: {"pk": o.fair.pk},
    "events:desk_check_in": lambda o: {"pk": o.fair.pk, "target_pk": o.target.pk},
    # Fair: booths and reports
    "events:booth_list": lambda o: {"pk": o.fair.pk},
    "events:booth_detail": lambda o: {"pk": o.fair.pk, "booth_pk": o.booth.pk},
    "events:report_attendance": lambda o: {"pk": o.fair.pk},
    "events:report_no_shows": lambda o: {"pk": o.fair.pk},
    "events:sheet_pdf": lambda o: {"pk": o.fair.pk, "desk_pk": o.desk.pk},
    "events:sheet_entry": lambda o: {"pk": o.fair.pk, "desk_pk": o.desk.pk},
}
FIXED_KWARGS = {"password_reset_confirm": {"uidb64": "MQ", "token": "bad-token"}}  # made up

# The admin -----------------------------------------------------------------------------
#
# Rules (admin_model_expected):
# - Only province admins enter: anyone else is sent to a login page (the admin's when logged
#   in, the app's when anonymous) before any object is looked up, so they are tried on the
#   in-scope object only.
# - For a province admin, each registered model allows what ADMIN_MODELS says, in scope:
#     v  changelist, change page (read-only without c), history
#     a  add page and its POST       c  change POST       d  delete page and its POST
#     i  import-export's import (and its process_import POST)   e  its export
#   An object outside the admin's province, or missing, answers 404 on every object view
#   (change, delete, history, a user's password), as on the app pages, whatever the model
#   allows; a view the model does not allow answers 403.
#   Django's unnamed "<id>/" pattern forwards to the change page (302) for any id.
#   "" marks a model for superusers only: 403 on every view, tried on an existing object.
# - An app's index (admin:app_list) answers 200 if the admin sees a model in it, else 404.
# - A model registered without a line here is unclassified. Its objects come from
#   build_world, or else the model's first row (in scope) and a missing id.
ADMIN_MODELS = {
    "auth.group": "",  # roles are code: Django's groups and permissions are not used
    "django_tasks_database.dbtaskresult": "",
    "areas.province": "v",  # from geothai (load_areas)
    "areas.district": "v",
    "areas.subdistrict": "v",
    "areas.village": "vacdie",
    "accounts.user": "vacd",
    "audit.activitylog": "v",  # evidence: nobody edits it
    "agencies.agency": "vacdie",
    # Saved through the MOU pages, which check every rule (mou_sign, pledge_save…).
    "agencies.mou": "v",
    "agencies.pledge": "v",
    "agencies.mousignatory": "v",
    # National reference data: only national-scope admins change it (DESIGN.md, Decisions).
    "households.indicatorset": "v",
    "households.surveyround": "v",
    # Households come from imports; a survey is corrected through the service that keeps
    # its change-detection hash; a batch is evidence of what was imported.
    "households.household": "v",
    "households.householdsurvey": "vci",
    "households.importbatch": "v",
    # Programmes and cases change through their services only (status order, scope, the
    # derived stage); the admin shows them.
    "households.programme": "v",
    "households.target": "v",
    # Recorded by visit_record (scope, not dropped, not in the future, the derived stage).
    "households.followupvisit": "v",
    "households.hostassignment": "v",
    "households.assistance": "v",
    # The national catalogue of assistance: province admins read it.
    "agencies.assistancetype": "v",
    # django-axes' login records of the admin's users: written by axes, lifted by the
    # "unlock" action (through a service), never edited.
    "axes.accessattempt": "v",
    "axes.accesslog": "v",
    "axes.accessfailurelog": "v",
    # Fair: fairs. Changed through events.services.fairs on the fair's pages only.
    "events.fair": "v",
    "events.fairdistrictquota": "v",
    "events.desk": "v",
    "events.booth": "v",
    "events.fairtask": "v",
}

# fmt: off
#                        adm stf oth own lia vie nor ano
ADMIN_DOOR = row("       200 log log log log log log log log")
ADMIN_404 = row("        404 log log log log log log log log")
ADMIN_NO_METHOD = row("  405 log log log log log log log log")
ADMIN_SITE = {
    "admin:index": page(ADMIN_DOOR),
    # Logged in as a province admin: straight to the index; anyone else gets the form.
    "admin:login": page(row("red 200 200 200 200 200 200 200 200"), EVERYONE),
    # Logged out, a province admin goes to the login page; anyone else is sent to the admin
    # index (which sends them to the login page) without being logged out.
    "admin:logout": page(row("405 red red red red red red red log"),
                         row("log red red red red red red red log")),
    "admin:password_change": page(ADMIN_DOOR),
    "admin:password_change_done": page(ADMIN_DOOR, ADMIN_NO_METHOD),
    "admin:jsi18n": page(ADMIN_DOOR, ADMIN_NO_METHOD),
    # The agency picker of the signatory inline (the Agency admin's search).
    "admin:autocomplete": page(ADMIN_DOOR, ADMIN_NO_METHOD),
    # "View on site" of a household: forwards to its page in scope; 404 outside it.
    "admin:view_on_site": page({"in": row("red log log log log log log log log"),
                                "out": ADMIN_404, "missing": ADMIN_404}),
    "admin:auth_user_password_change": page({"in": ADMIN_DOOR, "out": ADMIN_404,
                                             "missing": ADMIN_404}),
    "admin/(?P<url>.*)$": page(ADMIN_404),  # any other path under /admin/
}
# fmt: on
ADMIN_SITE_OBJECTS = {
    "admin:view_on_site": lambda o: {
        "content_type_id": ContentType.objects.get_for_model(Household).pk,
        "object_id": o.household.pk,
    },
    "admin:auth_user_password_change": lambda o: {"id": o.user.pk},
}
ADMIN_QUERIES = {
    "admin:autocomplete": {
        "app_label": "agencies",
        "model_name": "mousignatory",
        "field_name": "agency",
        "term": "",
    },
}


# Fair: invitations. The public RSVP page's rate limit (tested in
# tests/events/test_rsvp_public.py) would refuse the walk's many requests from one address.
@pytest.fixture(autouse=True)
def _rsvp_rate_limits_lifted(settings):
    settings.POVERTYPROG_RSVP_RATE_IP = (10**6, 600)
    settings.POVERTYPROG_RSVP_RATE_CODE = (10**6, 3600)


# Rows written ahead for URLs another branch adds: each leaves this set once routed.
NOT_YET_ROUTED: set[str] = set()


# The walk -------------------------------------------------------------------------------


def unclassified(patterns) -> list[str]:
    model_urls = admin_model_urls()
    missing = []
    for pattern in patterns:
        key = pattern.key
        if key in TABLE or key in ADMIN_SITE or key == "admin:app_list":
            continue
        if key in model_urls and model_urls[key].label in ADMIN_MODELS:
            continue
        missing.append(f"{key}  ({pattern.route})")
    return missing


def test_every_url_pattern_is_classified():
    assert not unclassified(url_patterns()), "URL patterns the access matrix does not classify"


def test_table_names_only_routed_urls():
    routed = {pattern.key for pattern in url_patterns()}
    stale = set(TABLE) - routed - NOT_YET_ROUTED
    assert not stale, "rows for URL names that no longer exist"
    assert not NOT_YET_ROUTED & routed, "routed now: take them out of NOT_YET_ROUTED"


def test_a_new_unclassified_url_fails_the_matrix():
    already = unclassified(url_patterns())  # none, unless the test above fails too
    with override_settings(ROOT_URLCONF="tests.access.urls_with_an_extra_page"):
        found = unclassified(url_patterns())
    assert [entry for entry in found if entry not in already] == [
        "unclassified_page  (matrix/unclassified/)",
        "matrix_extra:inner  (matrix/inner/)",
    ]


# The matrix -----------------------------------------------------------------------------


def expected_for(spec, method: str, side: str | None) -> tuple[str, ...]:
    answer = spec[method]
    if isinstance(answer, dict):
        return answer.get(side, NOBODY if side else None)
    return answer


def sides_of(spec, default=("in", "out", "missing")) -> list[str]:
    named = [k for m in ("GET", "POST") if isinstance(spec[m], dict) for k in spec[m]]
    return list(dict.fromkeys([*default, *named]))


def requests_for(spec, url_of, sides, *, admin_door, query=None):
    """(persona, method, side, url, options, expected) for one pattern."""
    for side in sides:
        url = url_of(side)
        for method in ("GET", "POST"):
            expected = expected_for(spec, method, side)
            variants = [("", {})]
            if method == "GET":
                variants += [(f"+{name}", VARIANTS[name]) for name in spec["variants"]]
            for suffix, options in variants:
                options = {"data": query, **options} if query else options
                for persona, word in zip(PERSONAS, expected, strict=True):
                    # Outside the admin nobody but a province admin gets past the door: they
                    # are tried on the in-scope object only.
                    if admin_door and persona != "admin" and side not in (None, "in"):
                        continue
                    yield persona, method + suffix, side, url, options, word


def app_requests(pattern, world):
    key = pattern.key
    spec = TABLE[key]
    params = OBJECTS.get(key)
    if params is None:
        kwargs = FIXED_KWARGS.get(key, {})
        yield from requests_for(
            spec, lambda _: reverse(key, kwargs=kwargs), [None], admin_door=False
        )
        return
    yield from requests_for(
        spec,
        lambda side: reverse(key, kwargs=params(world[side])),
        sides_of(spec),
        admin_door=False,
    )


def admin_model_expected(perms: str, view: str, side: str | None, method: str) -> str:
    """What a province admin gets from one admin view of a model (see ADMIN_MODELS)."""
    if view == "redirect":
        return REDIRECT
    if view == "process_import" and method == "GET":
        return "405"
    if side in ("out", "missing") and perms:
        return "404"
    needed = {
        "changelist": "v",
        "history": "v",
        "change": "c" if method == "POST" else "v",
        "add": "a",
        "delete": "d",
        "import": "i",
        "process_import": "i",
        "export": "e",
    }[view]
    return "200" if needed in perms else "403"


def admin_requests(pattern, world, admin_objects):
    key = pattern.key
    if key in ADMIN_SITE:
        spec = ADMIN_SITE[key]
        params = ADMIN_SITE_OBJECTS.get(key)
        if key == "admin/(?P<url>.*)$":
            url_of = lambda _: "/admin/no-such-page/"  # noqa: E731
        elif params is None:
            url_of = lambda _: reverse(key)  # noqa: E731
        else:
            url_of = lambda side: reverse(key, kwargs=params(world[side]))  # noqa: E731
        sides = [None] if params is None else sides_of(spec)
        yield from requests_for(spec, url_of, sides, admin_door=True, query=ADMIN_QUERIES.get(key))
        return
    if key == "admin:app_list":
        for app_label in sorted({model._meta.app_label for model in admin.site._registry}):
            seen = any(
                "v" in ADMIN_MODELS.get(model._meta.label_lower, "")
                for model in admin.site._registry
                if model._meta.app_label == app_label
            )
            spec = page(row(f"{200 if seen else 404}" + " log" * (len(PERSONAS) - 1)))
            url = reverse(key, kwargs={"app_label": app_label})
            yield from requests_for(spec, lambda _, url=url: url, [None], admin_door=True)
        return
    target = admin_model_urls()[key]
    perms = ADMIN_MODELS[target.label]
    objects = dict(zip(("in", "out"), admin_objects.get(target.label, (None, None)), strict=True))
    if target.label not in admin_objects:  # a model this file does not know: any row
        objects["in"] = _model(target.label)._default_manager.first()
    if target.takes_object:
        sides = [side for side in ("in", "out") if objects[side] is not None]
        if perms:  # superuser-only models: an existing object only (see the rules)
            sides.append("missing")
    else:
        sides = [None]
    for side in sides:
        object_id = objects[side].pk if objects.get(side) else MISSING_PK
        url = admin_model_url(pattern, target.label, target.view, object_id)
        spec = {
            method: (admin_model_expected(perms, target.view, side, method),)
            + (LOGIN,) * (len(PERSONAS) - 1)
            for method in ("GET", "POST")
        }
        spec["variants"] = ()
        yield from requests_for(spec, lambda _, url=url: url, [side], admin_door=True)


def _model(label):
    from django.apps import apps

    return apps.get_model(label)


@pytest.fixture
def fake_pdf(monkeypatch):
    """The PDF renderers (tested in tests/agencies/test_pdf.py and with the plan's pages)
    replaced by stubs: the matrix checks who may ask for them, not WeasyPrint's second a page."""
    module = types.ModuleType("agencies.pdf")
    module.mou_summary_pdf = lambda *args, **kwargs: b"%PDF-1.4\n%matrix\n"
    module.render_thai_pdf = module.mou_summary_pdf
    monkeypatch.setitem(sys.modules, "agencies.pdf", module)


@pytest.fixture
def requesters(request, db):
    users = {name: request.getfixturevalue(fixture) for name, fixture in PERSONA_FIXTURES.items()}
    clients = {name: Requester(user) for name, user in users.items()}
    clients["anonymous"] = Requester()
    return users, clients


def test_every_door_answers_as_the_table_says(requesters, tmp_path, fake_pdf, caplog):
    caplog.set_level(logging.ERROR, logger="django.request")  # thousands of 404s and 405s
    users, clients = requesters
    world, admin_objects = build_world(users=users, tmp_path=tmp_path)
    patterns = url_patterns()
    assert not unclassified(patterns), "classify every URL pattern first"

    # (pattern, object, method, expected, got) → the personas and URL of the differing cells
    mismatches: dict[tuple, list] = {}
    count = 0
    for pattern in patterns:
        if pattern.is_admin:
            requests = admin_requests(pattern, world, admin_objects)
        else:
            requests = app_requests(pattern, world)
        for persona, method, side, url, options, expected in requests:
            response = clients[persona].send(method.split("+")[0], url, **options)
            got = outcome(response)
            count += 1
            if got != expected:
                if got in (LOGIN, REDIRECT):
                    got = f"{got} → {response.url}"
                cell = (pattern.key, side or "-", method, expected, got)
                mismatches.setdefault(cell, [url, []])[1].append(persona)
    assert count > 3000, "the walk lost its way"
    cells = sum(len(personas) for _url, personas in mismatches.values())
    report = [
        f"{key} [{side}] {method} {','.join(personas)}: expected {expected}, got {got}  ({url})"
        for (key, side, method, expected, got), (url, personas) in mismatches.items()
    ]
    assert not report, f"{cells} of {count} cells differ:\n" + "\n".join(report)
