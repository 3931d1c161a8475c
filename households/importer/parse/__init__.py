"""Find the header of a จปฐ. sheet, then turn each row into a HouseholdRow or its errors.

fields: the template's fields and header spellings; header: finding the header row;
areas: the province's areas; cells: cells as text; rows: the row parser.
"""

from .areas import AreaIndex
from .cells import cell_text
from .fields import (
    AREA_FIELDS,
    FIELD_LABELS,
    FIELDS,
    HEADER_ALIASES,
    TEMPLATE_FIELDS,
    TEMPLATE_HEADERS,
    header_key,
)
from .header import HEADER_SEARCH_ROWS, Header, HeaderNotFound, find_header
from .rows import MAX_MEMBERS, RowParser

__all__ = [
    "AREA_FIELDS",
    "FIELDS",
    "FIELD_LABELS",
    "HEADER_ALIASES",
    "HEADER_SEARCH_ROWS",
    "MAX_MEMBERS",
    "TEMPLATE_FIELDS",
    "TEMPLATE_HEADERS",
    "AreaIndex",
    "Header",
    "HeaderNotFound",
    "RowParser",
    "cell_text",
    "find_header",
    "header_key",
]
