"""Real administrative units from the `vietnamadminunits` package (MIT, data bundled offline).

It holds the 34-province list in force since 1 July 2025 (with 5-digit codes of Decision
19/2025/QĐ-TTg), the old 63-province list, and the old→new mapping of every commune. The demo
builds the new An Giang (code 91, 102 units) and replays real mergers from it.
"""

import json
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from cadres.text import fold

AN_GIANG_CODE = "91"
AN_GIANG_KEY = "tinhangiang"
OLD_ADMIN_CODE_LIST = "QĐ 124/2004/QĐ-TTg"


@dataclass(frozen=True)
class Unit:
    """A commune-level unit: code, type ("Phường", "Xã", "Đặc khu") and short name."""

    code: str
    unit_type: str
    name: str
    key: str  # the package's folded key, e.g. "phuongvinhthong"
    district: str = ""  # old units only: their district (districts ended on 1 July 2025)

    @property
    def slug(self) -> str:
        """Upper-case folded name without spaces ("VINHTHONG"), as the demo's agency codes use."""
        return fold(self.name).replace(" ", "").replace("-", "").upper()

    @property
    def where(self) -> str:
        """ "phường Vĩnh Thông": the unit type in lower case, as it reads after a body's name."""
        return f"{self.unit_type.lower()} {self.name}"


def _data_dir() -> Path:
    # Located without importing the package's parser (it loads large tables at import).
    spec = find_spec("vietnamadminunits")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _query(sql: str, params=()) -> list[dict]:
    import sqlite3

    connection = sqlite3.connect(f"file:{_data_dir() / 'dataset.db'}?mode=ro", uri=True)
    try:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute(sql, params)]
    finally:
        connection.close()


@cache
def province_units(province_code: str = AN_GIANG_CODE) -> tuple[Unit, ...]:
    """The province's commune-level units since 1 July 2025, in code order."""
    rows = _query(
        "SELECT wardCode, wardType, wardShort, wardKey FROM admin_units "
        "WHERE provinceCode = ? ORDER BY wardCode",
        (province_code,),
    )
    return tuple(Unit(r["wardCode"], r["wardType"], r["wardShort"], r["wardKey"]) for r in rows)


@cache
def predecessors(new_key: str, province_key: str = AN_GIANG_KEY) -> tuple[Unit, ...]:
    """The pre-2025 units merged whole into the new unit (the package's old→new data)."""
    with open(_data_dir() / "converter_2025.json", encoding="utf-8") as source:
        mapping = json.load(source)["DICT_PROVINCE_WARD_NO_DIVIDED"][province_key]
    old_keys = mapping.get(new_key, [])
    units = []
    for full_key in old_keys:
        province, district, ward = full_key.split("_")
        rows = _query(
            "SELECT wardCode, wardType, wardShort, wardKey, district FROM admin_units_legacy "
            "WHERE provinceKey = ? AND districtKey = ? AND wardKey = ?",
            (province, district, ward),
        )
        if rows:
            r = rows[0]
            units.append(
                Unit(r["wardCode"], r["wardType"], r["wardShort"], r["wardKey"], r["district"])
            )
    return tuple(units)


def unit_points(codes) -> dict[str, tuple[str, float, float]]:
    """Name ("phường Rạch Giá"), latitude and longitude of commune-level units by code (the
    package's centre points of the units in force since 1 July 2025); unknown codes are left out."""
    codes = sorted(set(codes))
    if not codes:
        return {}
    marks = ", ".join("?" for _ in codes)
    rows = _query(
        "SELECT wardCode, wardType, wardShort, wardLat, wardLon FROM admin_units "
        f"WHERE wardCode IN ({marks})",
        codes,
    )
    return {
        r["wardCode"]: (f"{r['wardType'].lower()} {r['wardShort']}", r["wardLat"], r["wardLon"])
        for r in rows
        if r["wardLat"] is not None and r["wardLon"] is not None
    }
