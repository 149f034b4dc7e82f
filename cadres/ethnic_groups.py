"""Vietnam's 54 ethnic groups as the General Statistics Office codes them.

The list and its codes are those of Decision 1019/QĐ-TCTK of 12/11/2008 (used by the 2009 and
2019 censuses; it replaced the 1979 list of Decision 121-TCTK/PPCĐ, whose order differs). The
migration that creates the `EthnicGroup` table fills it from here; after that the table is the
reference (coordinators correct it in the admin). Other names a file may use are aliases.
"""

import re

from cadres.text import fold

BASIS = "Quyết định 1019/QĐ-TCTK ngày 12/11/2008 của Tổng cục Thống kê"
MAJORITY_CODE = "01"

# (code, name, other names a registry or a file may use)
GROUPS = [
    ("01", "Kinh", ["Việt", "Kinh (Việt)"]),
    ("02", "Tày", []),
    ("03", "Thái", []),
    ("04", "Mường", []),
    ("05", "Khmer", ["Khơ-me", "Khơ me", "Khmer Krom"]),
    ("06", "Hoa", ["Hán"]),
    ("07", "Nùng", []),
    ("08", "Mông", ["H'Mông", "Hmông", "H'mông", "Mèo"]),
    ("09", "Dao", []),
    ("10", "Gia-rai", ["Gia Rai", "Jrai"]),
    ("11", "Ê-đê", ["Ê Đê", "Ede"]),
    ("12", "Ba-na", ["Ba Na", "Bahnar"]),
    ("13", "Sán Chay", ["Cao Lan", "Sán Chỉ"]),
    ("14", "Chăm", ["Chàm"]),
    ("15", "Cơ-ho", ["Cơ Ho", "K'Ho"]),
    ("16", "Xơ-đăng", ["Xơ Đăng"]),
    ("17", "Sán Dìu", []),
    ("18", "Hrê", ["H're"]),
    ("19", "Ra-glai", ["Raglai", "Ra Glai"]),
    ("20", "Mnông", ["M'Nông"]),
    ("21", "Thổ", []),
    ("22", "Xtiêng", ["Stiêng"]),
    ("23", "Khơ-mú", ["Khơ Mú", "Khmu"]),
    ("24", "Bru-Vân Kiều", ["Bru Vân Kiều", "Vân Kiều"]),
    ("25", "Cơ-tu", ["Cơ Tu", "Katu"]),
    ("26", "Giáy", []),
    ("27", "Tà-ôi", ["Tà Ôi"]),
    ("28", "Mạ", []),
    ("29", "Giẻ-Triêng", ["Gié Triêng", "Giẻ Triêng"]),
    ("30", "Co", []),
    ("31", "Chơ-ro", ["Chơ Ro"]),
    ("32", "Xinh-mun", ["Xinh Mun"]),
    ("33", "Hà Nhì", []),
    ("34", "Chu-ru", ["Chu Ru"]),
    ("35", "Lào", []),
    ("36", "La Chí", []),
    ("37", "Kháng", []),
    ("38", "Phù Lá", []),
    ("39", "La Hủ", []),
    ("40", "La Ha", []),
    ("41", "Pà Thẻn", []),
    ("42", "Lự", []),
    ("43", "Ngái", []),
    ("44", "Chứt", []),
    ("45", "Lô Lô", []),
    ("46", "Mảng", []),
    ("47", "Cơ Lao", []),
    ("48", "Bố Y", []),
    ("49", "Cống", []),
    ("50", "Si La", []),
    ("51", "Pu Péo", []),
    ("52", "Rơ-măm", ["Rơ Măm"]),
    ("53", "Brâu", []),
    ("54", "Ơ-đu", ["Ơ Đu"]),
]


def key(text: str) -> str:
    """A name as compared: folded, without spaces, hyphens or apostrophes ("Khơ-me" = "khome")."""
    return re.sub(r"[^0-9a-z]", "", fold(text))


def names_by_key(groups) -> dict[str, object]:
    """Each group by its code, name and aliases (as `key` writes them)."""
    found = {}
    for group in groups:
        found[key(group.code)] = group
        found[key(group.name)] = group
        for alias in group.alias_list:
            found[key(alias)] = group
    return found


def ethnic_groups_by_key() -> dict[str, object]:
    """The table's groups by code, name and alias (one query)."""
    from cadres.models import EthnicGroup

    return names_by_key(EthnicGroup.objects.all())


def ethnic_group_for(text: str):
    """The group a name, an alias or a code means, or None."""
    return ethnic_groups_by_key().get(key(text)) if text and text.strip() else None
