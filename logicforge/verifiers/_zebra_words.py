"""Zebra puzzle vocabulary: the attributes, their values and the words an answer may use, in English and Chinese.

A value's id is its English answer word in lower case ("norwegian", "red"), unique across all attributes, so
an answer word names its attribute as well as its value. The generator draws ids from here; the verifier
reads answer words with `WORDS`; the templates hold the same words (tests/test_zebra_puzzle.py compares them).
"""

from __future__ import annotations

# attribute id -> (English name, Chinese name, value ids). Ten values each: a puzzle draws up to eight.
ATTRIBUTES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "nationality": ("nationality", "国籍", (
        "brit", "swede", "dane", "norwegian", "german", "italian", "spaniard", "japanese", "russian", "brazilian")),
    "colour": ("colour", "颜色", (
        "red", "green", "white", "yellow", "blue", "black", "purple", "grey", "pink", "brown")),
    "pet": ("pet", "宠物", (
        "dog", "cat", "bird", "fish", "horse", "zebra", "fox", "rabbit", "snail", "hamster")),
    "drink": ("drink", "饮料", (
        "tea", "coffee", "milk", "water", "juice", "beer", "cocoa", "lemonade", "soda", "wine")),
    "job": ("job", "职业", (
        "doctor", "teacher", "engineer", "painter", "lawyer", "chef", "pilot", "farmer", "writer", "nurse")),
    "sport": ("sport", "运动", (
        "tennis", "football", "basketball", "golf", "volleyball", "badminton", "hockey", "baseball", "cricket",
        "rugby")),
    "food": ("food", "食物", (
        "pizza", "sushi", "pasta", "noodles", "dumplings", "curry", "salad", "burgers", "tacos", "steak")),
    "instrument": ("instrument", "乐器", (
        "piano", "guitar", "violin", "drums", "flute", "cello", "trumpet", "harp", "saxophone", "accordion")),
}  # fmt: skip

# value id -> its Chinese answer word (the English one is the id, nationalities capitalised).
ZH: dict[str, str] = {
    "brit": "英国人", "swede": "瑞典人", "dane": "丹麦人", "norwegian": "挪威人", "german": "德国人",
    "italian": "意大利人", "spaniard": "西班牙人", "japanese": "日本人", "russian": "俄罗斯人", "brazilian": "巴西人",
    "red": "红色", "green": "绿色", "white": "白色", "yellow": "黄色", "blue": "蓝色", "black": "黑色",
    "purple": "紫色", "grey": "灰色", "pink": "粉色", "brown": "棕色",
    "dog": "狗", "cat": "猫", "bird": "鸟", "fish": "鱼", "horse": "马", "zebra": "斑马", "fox": "狐狸",
    "rabbit": "兔子", "snail": "蜗牛", "hamster": "仓鼠",
    "tea": "茶", "coffee": "咖啡", "milk": "牛奶", "water": "水", "juice": "果汁", "beer": "啤酒", "cocoa": "可可",
    "lemonade": "柠檬水", "soda": "汽水", "wine": "葡萄酒",
    "doctor": "医生", "teacher": "教师", "engineer": "工程师", "painter": "画家", "lawyer": "律师", "chef": "厨师",
    "pilot": "飞行员", "farmer": "农民", "writer": "作家", "nurse": "护士",
    "tennis": "网球", "football": "足球", "basketball": "篮球", "golf": "高尔夫", "volleyball": "排球",
    "badminton": "羽毛球", "hockey": "冰球", "baseball": "棒球", "cricket": "板球", "rugby": "橄榄球",
    "pizza": "比萨", "sushi": "寿司", "pasta": "意大利面", "noodles": "面条", "dumplings": "饺子", "curry": "咖喱",
    "salad": "沙拉", "burgers": "汉堡", "tacos": "墨西哥卷饼", "steak": "牛排",
    "piano": "钢琴", "guitar": "吉他", "violin": "小提琴", "drums": "鼓", "flute": "长笛", "cello": "大提琴",
    "trumpet": "小号", "harp": "竖琴", "saxophone": "萨克斯", "accordion": "手风琴",
}  # fmt: skip

# Other spellings an answer may use for a value: American and British forms, a colour without 色.
_ALIASES = {
    "grey": ("gray", "灰"), "red": ("红",), "green": ("绿",), "white": ("白",), "yellow": ("黄",), "blue": ("蓝",),
    "black": ("黑",), "purple": ("紫",), "pink": ("粉", "粉红色"), "brown": ("棕", "褐色"), "pizza": ("披萨",),
    "teacher": ("老师",), "brit": ("briton",), "soda": ("苏打水",),
}  # fmt: skip

VALUE_ATTRIBUTE: dict[str, str] = {v: a for a, (_, _, values) in ATTRIBUTES.items() for v in values}


def _words() -> dict[str, str]:
    """Answer word (ASCII lower case, or Chinese) -> value id; each word names exactly one value."""
    out: dict[str, str] = {}
    for value in VALUE_ATTRIBUTE:
        for word in (value, ZH[value], *_ALIASES.get(value, ())):
            if out.setdefault(word, value) != value:
                raise ValueError(f"zebra word {word!r} names both {out[word]!r} and {value!r}")
    return out


WORDS: dict[str, str] = _words()

# Words a markdown table's header row may hold (the attribute names, and the house column's).
HEADER_WORDS: frozenset[str] = frozenset(
    {"house", "houses", "house number", "position", "#", "no", "no.", "number", "", "colour", "color",
     "房子", "房屋", "房间", "编号", "序号", "位置", "颜色", "房子颜色"}
    | {w for name, zh, _ in ATTRIBUTES.values() for w in (name, zh)}
    | set(ATTRIBUTES)
)  # fmt: skip


def en_word(value: str) -> str:
    """The English answer word of a value id: the id, capitalised for a nationality.

    >>> en_word("norwegian"), en_word("tea")
    ('Norwegian', 'tea')
    """
    return value.capitalize() if VALUE_ATTRIBUTE[value] == "nationality" else value
