"""Space reasoning vocabulary: the things placed on the lattice, their English and Chinese names, and answer keys.

An item's id is language-neutral (snake case); its English name is the id with spaces, its Chinese name is in
`ITEMS`. The generator draws ids from here; the verifier reads answer names with `lookup`; the templates hold the
same Chinese names (tests/test_space_reasoning.py compares them). The answer for a spot never described is
`UNKNOWN` ("unknown", Chinese "未知"), and only that word.
"""

from __future__ import annotations

import re
import string

# id -> Chinese name. No Chinese name lies inside another, and no English key equals another's (tested).
ITEMS: dict[str, str] = {
    "fountain": "喷泉", "bench": "长椅", "statue": "雕像", "well": "水井", "lamp_post": "路灯", "oak_tree": "橡树",
    "bakery": "面包房", "post_office": "邮局", "library": "图书馆", "pond": "池塘", "bridge": "石桥",
    "clock_tower": "钟楼", "flower_bed": "花坛", "bus_stop": "公交车站", "mailbox": "邮筒", "windmill": "风车",
    "chapel": "小教堂", "gazebo": "凉亭", "playground": "游乐场", "tea_house": "茶馆", "bookshop": "书店",
    "pharmacy": "药店", "museum": "博物馆", "stable": "马厩", "barn": "谷仓", "lighthouse": "灯塔",
    "sundial": "日晷", "archway": "拱门", "scarecrow": "稻草人", "bonfire": "篝火", "haystack": "草垛",
    "greenhouse": "温室", "beehive": "蜂箱", "water_tower": "水塔", "phone_booth": "电话亭", "bike_rack": "自行车架",
    "carousel": "旋转木马", "obelisk": "方尖碑", "cannon": "大炮", "anchor": "铁锚", "tent": "帐篷",
    "cabin": "小木屋", "totem_pole": "图腾柱", "vegetable_patch": "菜地", "pine_tree": "松树", "willow": "柳树",
    "pagoda": "宝塔", "fruit_stand": "水果摊", "ice_cream_cart": "冰淇淋车", "kiosk": "报亭",
    "fire_hydrant": "消防栓", "signpost": "路标", "picnic_table": "野餐桌", "dovecote": "鸽舍",
    "rose_bush": "玫瑰丛", "cafe": "咖啡馆", "school": "学校", "bank": "银行", "hotel": "旅馆", "theatre": "剧院",
}  # fmt: skip

UNKNOWN = "unknown"
UNKNOWN_ZH = "未知"

# Other spellings an answer may use (American forms, one-word forms already fold: "lamppost" is "lamp post").
_ALIASES = {
    "theatre": ("theater",), "cafe": ("café", "coffee shop"), "bookshop": ("bookstore",), "mailbox": ("postbox",),
    "bakery": ("面包店",), "bridge": ("桥",), "pharmacy": ("药房",),
}  # fmt: skip

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_ARTICLE = re.compile(r"(?:the|a|an) (?=.)")
_JOINERS = re.compile(r"[ _\-']+")


def english(item: str) -> str:
    """The English name of an item id.

    >>> english("lamp_post")
    'lamp post'
    """
    return item.replace("_", " ")


def key(text: str, article: bool = True) -> str:
    """The comparison key of an answer name: ASCII lower case, one leading English article dropped (unless
    `article` is False), spaces, hyphens, underscores and apostrophes removed.

    >>> key("The Lamp-Post"), key("lamppost"), key(" 长椅 "), key("an oak tree"), key("the well", False)
    ('lamppost', 'lamppost', '长椅', 'oaktree', 'thewell')
    """
    text = " ".join(text.translate(_ASCII_LOWER).split())
    if article:
        text = _ARTICLE.sub("", text, count=1)
    return _JOINERS.sub("", text)


def _keys() -> dict[str, str]:
    out: dict[str, str] = {key(UNKNOWN): UNKNOWN, key(UNKNOWN_ZH): UNKNOWN}
    for item, zh in ITEMS.items():
        for name in (english(item), zh, *_ALIASES.get(item, ())):
            if out.setdefault(key(name), item) != item:
                raise ValueError(f"space reasoning: the name {name!r} of {item!r} is taken")  # a vocabulary defect
    return out


KEYS: dict[str, str] = _keys()  # answer key -> item id (or UNKNOWN)


def lookup(text: str) -> str | None:
    """The item id (or UNKNOWN) an answer names, None if it names nothing known. An article goes with an item's
    name only: "the unknown" names nothing.

    >>> lookup("the Bench"), lookup("长椅"), lookup("Unknown"), lookup("未知"), lookup("sofa"), lookup("an unknown")
    ('bench', 'bench', 'unknown', 'unknown', None, None)
    """
    found = KEYS.get(key(text))
    return None if found == UNKNOWN and KEYS.get(key(text, False)) != UNKNOWN else found
