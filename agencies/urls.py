from django.urls import path

from .views import directory, documents, mous

app_name = "agencies"
urlpatterns = [
    path("", directory.agency_list, name="agency_list"),
    path("new/", directory.agency_new, name="agency_new"),
    path("<int:pk>/", directory.agency_detail, name="agency_detail"),
    path("<int:pk>/edit/", directory.agency_edit, name="agency_edit"),
    path("mous/", mous.mou_list, name="mou_list"),
    path("mous/new/", mous.mou_new, name="mou_new"),
    path("mous/<int:pk>/", mous.mou_detail, name="mou_detail"),
    path("mous/<int:pk>/edit/", mous.mou_edit, name="mou_edit"),
    path("mous/<int:pk>/sign/", mous.mou_sign, name="mou_sign"),
    path("mous/<int:pk>/signatories/", mous.mou_signatory_add, name="mou_signatory_add"),
    path(
        "mous/<int:pk>/signatories/<int:signatory_pk>/remove/",
        mous.mou_signatory_remove,
        name="mou_signatory_remove",
    ),
    path("mous/<int:pk>/cancel/", mous.mou_cancel, name="mou_cancel"),
    path("mous/<int:pk>/pledges/new/", mous.pledge_new, name="pledge_new"),
    path("mous/<int:pk>/pledges/<int:pledge_pk>/remove/", mous.pledge_remove, name="pledge_remove"),
    path("mous/<int:pk>/pledges/<int:pledge_pk>/edit/", mous.pledge_edit, name="pledge_edit"),
    path("mous/<int:pk>/document/", documents.mou_document, name="mou_document"),
    path("mous/<int:pk>/summary.pdf", documents.mou_summary_pdf, name="mou_pdf"),
]
