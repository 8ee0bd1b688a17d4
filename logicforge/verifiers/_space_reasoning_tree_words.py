"""Space reasoning tree vocabulary: the people's names in English and Chinese, and the words for "no one".

A person's id is their English name in lower case ("anna"); `ZH` gives the Chinese given name of the same id. The
generator draws ids from `IDS`; the verifier reads an answer name in either language with `WORDS`; the templates
hold the same names (en.j2 capitalises the id, zh.j2 has its own table, compared in tests/test_space_reasoning_tree.py).
"""

from __future__ import annotations

import string

IDS: tuple[str, ...] = tuple(
    """
aaron abby adam ada alan alice amir amy andre anna arthur ava basil bella ben bianca boris brian bruno carl carla
cecil chloe clara colin dana daniel dora dylan edgar edith elena eli ella emil emma eric eva felix fiona frank freya
gavin gemma george gina grace greg hana harry hazel hector helen hugo ian ida irene isaac ivan ivy jack jade jane
jason jill joel jonas judy julia karen karl kate keith kira lara leo liam lily lisa lucy luke mabel maria mark max
maya milo nadia nate nell nina noah nora olga omar oscar owen paul pedro petra rita rosa ruby ryan sara sean simon
sofia tara theo tina tom uma vera victor vince wade wendy yara zoe
""".split()
)

# Chinese given names, men's names (the Chinese questions read a clan register that records sons and their
# fathers; everyone shares the surname), in the order of IDS.
_ZH = """
子涵 浩然 梓轩 思远 俊杰 宇航 嘉豪 志强 明轩 天佑 博文 承泽 一鸣 文博 皓轩 子墨 家乐 逸飞 泽宇 建国 春生 永福 德华 振华
国栋 海峰 伟民 长青 立新 宝山 光明 向东 铁柱 大勇 少华 晓光 庆丰 瑞霖 景行 昊天 沐阳 怀瑾 清扬 知远 望舒 致远 鹏飞 晨曦
子豪 俊熙 锦程 国强 汉卿 文涛 家明 建军 志刚 永强 德明 卫东 振宇 浩宇 明哲 天翔 子轩 宇轩 俊豪 煜城 智宸 正豪 昊然 明杰
立诚 立辉 弘文 鸿煊 哲瀚 鑫鹏 俊驰 雨泽 晟睿 文昊 黎昕 远航 旭尧 鸿涛 荣轩 越泽 擎宇 睿渊 弘毅 思聪 展鹏 乐天 瑞祥 国平
卫国 建华 志明 晓东 海涛 永刚 新民 红军 金龙 玉成 长顺 福生 德胜 保国 守仁 敬之 慕白 子昂 伯言 仲谋 孟然 季常 书恒 云帆
""".split()
ZH: dict[str, str] = dict(zip(IDS, _ZH, strict=True))

# What an answer may write for the empty set ("none" is what the English format asks for, 无 the Chinese one).
EMPTY = frozenset({"none", "nobody", "no one", "无", "没有", "没有人"})

ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)

# Every way an answer may name a person -> the person's id: the English name in any letter case (looked up in
# lower case), the Chinese name.
WORDS: dict[str, str] = {**{i: i for i in IDS}, **{zh: i for i, zh in ZH.items()}}
