"""The Django admin's import button (django-import-export), backed by the same pipeline as the
upload page and `import_bmn`: the admin only supplies the file, the round and the province."""

import hashlib
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.formats.base_formats import Format
from import_export.results import Error, Result, RowResult
from tablib import Dataset

from .importer.parse import TEMPLATE_HEADERS, HeaderNotFound
from .importer.pipeline import plan_rows
from .importer.read import UnreadableFile, read_rows
from .services import ImportRefused, import_plan_commit

PREVIEW_ROWS = 200
_SIGNATURES = ((b"PK\x03\x04", ".xlsx"), (b"\xd0\xcf\x11\xe0", ".xls"))


class BMNFile(Format):
    """Any file the pipeline reads (xlsx, xls, ods, csv), kept as the pipeline reads it.

    tablib would renumber rows and drop the title rows above the header; the pipeline needs
    the rows exactly as a spreadsheet program shows them, so they travel on the dataset.
    """

    def __init__(self, encoding=None):
        self.encoding = encoding

    def get_title(self):
        return _("จปฐ. file (xlsx, xls, ods, csv)")

    def can_import(self) -> bool:
        return True

    def can_export(self) -> bool:
        return False

    def create_dataset(self, in_stream) -> Dataset:
        data = in_stream if isinstance(in_stream, bytes) else in_stream.encode()
        suffix = next((ext for sig, ext in _SIGNATURES if data.startswith(sig)), ".csv")
        if suffix == ".xlsx" and b"mimetypeapplication/vnd.oasis.opendocument" in data[:100]:
            suffix = ".ods"
        with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
            handle.write(data)
            handle.flush()
            dataset = Dataset(headers=["row"])
            try:
                dataset.bmn_rows = list(read_rows(Path(handle.name), file_name=handle.name))
            except UnreadableFile as error:
                raise ValueError(str(error)) from error
        dataset.bmn_sha256 = hashlib.sha256(data).hexdigest()
        for number, _cells in dataset.bmn_rows:
            dataset.append([number])
        return dataset


class HouseholdSurveyImportResource(resources.Resource):
    """Plans the admin's file with the pipeline and commits it only when every row is valid."""

    @classmethod
    def get_display_name(cls) -> str:
        return str(_("จปฐ. household survey"))

    def __init__(self, survey_round=None, province_code=None, **kwargs):
        super().__init__(**kwargs)
        self.survey_round, self.province_code = survey_round, province_code
        for label in TEMPLATE_HEADERS:
            self.fields[label] = fields.Field(column_name=label)

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs) -> Result:
        result = Result()
        result.diff_headers = list(TEMPLATE_HEADERS)
        try:
            plan = plan_rows(
                iter(dataset.bmn_rows),
                file_name=kwargs.get("file_name") or "admin-import",
                file_sha256=dataset.bmn_sha256,
                total=len(dataset.bmn_rows),
                survey_round=self.survey_round,
                province_code=self.province_code,
            )
        except HeaderNotFound as error:
            result.append_base_error(_base_error(error))
            return result
        cells = dict(dataset.bmn_rows)
        by_row: dict[int, dict[str, list[str]]] = {}
        for error in plan.errors:
            by_row.setdefault(error.row, {}).setdefault(error.column, []).append(str(error.message))
        for number, messages in sorted(by_row.items()):
            values = dict(zip(TEMPLATE_HEADERS, map(str, cells.get(number, [])), strict=False))
            result.append_invalid_row(number, values, ValidationError(messages))
        for row, _digest in plan.to_write[:PREVIEW_ROWS]:
            row_result = RowResult()
            row_result.import_type = RowResult.IMPORT_TYPE_NEW
            row_result.diff = [
                row.village_code,
                row.village_name,
                row.house_no,
                row.head_first_name,
                row.head_last_name,
                row.members,
                row.income_per_person,
            ]
            result.append_row_result(row_result)
        result.totals[RowResult.IMPORT_TYPE_NEW] = plan.new
        result.totals[RowResult.IMPORT_TYPE_UPDATE] = plan.updated
        result.totals[RowResult.IMPORT_TYPE_SKIP] = plan.unchanged
        result.totals[RowResult.IMPORT_TYPE_INVALID] = len(by_row)
        result.total_rows = plan.counts["rows"]
        if not dry_run and not plan.errors:
            try:
                import_plan_commit(plan=plan, by=kwargs.get("user"))
            except ImportRefused as error:
                result.append_base_error(_base_error(error))
        return result


def _base_error(error: Exception) -> Error:
    return Error(error)
