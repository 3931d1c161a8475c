from django.urls import path

from .views import care, cases, imports, manage, plans, programmes, registry

app_name = "households"
urlpatterns = [
    path("", registry.household_list, name="list"),
    path("export.xlsx", registry.household_export, name="export"),
    path("<int:pk>/", registry.household_detail, name="detail"),
    path("<int:pk>/move/", registry.household_move, name="household_move"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/new/", imports.import_new, name="import_new"),
    path("imports/template.xlsx", imports.import_template, name="import_template"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/errors.xlsx", imports.import_error_sheet, name="import_error_sheet"),
    path("programmes/", programmes.programme_list, name="programme_list"),
    path("programmes/new/", programmes.programme_new, name="programme_new"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/status/", programmes.programme_status, name="programme_status"),
    path(
        "programmes/<int:pk>/targeting/",
        programmes.programme_targeting,
        name="programme_targeting",
    ),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/verify/", cases.case_verify, name="case_verify"),
    path("cases/<int:pk>/capacity/", cases.case_capacity, name="case_capacity"),
    path("cases/<int:pk>/plan/", plans.case_plan, name="case_plan"),
    path(
        "cases/<int:pk>/plan/activities/<int:activity>/",
        plans.plan_activity_status,
        name="plan_activity_status",
    ),
    path("cases/<int:pk>/plan/agree/", plans.case_plan_agree, name="case_plan_agree"),
    path("cases/<int:pk>/plan.pdf", plans.case_plan_pdf, name="case_plan_pdf"),
    path("cases/<int:pk>/visit/", care.case_visit, name="case_visit"),
    path("follow-ups/", care.follow_ups, name="follow_ups"),
    path("programmes/<int:pk>/hosts/", manage.programme_hosts, name="programme_hosts"),
    path("cases/<int:pk>/host/", manage.case_host, name="case_host"),
    path("hosted/", manage.hosted_cases, name="hosted_cases"),
    path("cases/<int:pk>/assistance/", manage.assistance_new, name="assistance_new"),
]
