"""Synthetic Chinese names for the demo district: people, phones, places, roads.

Everything here is made up. Phone numbers start with "100", a prefix no Chinese
mobile or landline number uses, so no demo number can ring a real person.
"""

import random

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文辉力斌宇浩凯鹏俊峰红梅丹萍"
    "鑫健波宁亮成林海燕雪琳晶欣佳怡春秋国庆建新志立福德永胜金凤淑珍素云德山长喜"
)

# Staff (grid workers, those responsible for a plan) are named from other characters, so
# that no staff name can be taken for a party's, whose personal data is masked.
STAFF_GIVEN_CHARS = "晓思嘉振鸿锦瑞昊璐婷晨曦睿彦卓航骏铭"
assert not set(STAFF_GIVEN_CHARS) & set(GIVEN_CHARS)

# (name, pinyin slug used in synthetic usernames)
COMMUNITIES = (
    ("河西社区", "hexi"),
    ("新开里社区", "xinkaili"),
    ("东风社区", "dongfeng"),
    ("建设社区", "jianshe"),
    ("盐场社区", "yanchang"),
    ("桃园社区", "taoyuan"),
    ("体育场社区", "tiyuchang"),
    ("劳动社区", "laodong"),
    ("牌坊社区", "paifang"),
    ("大田社区", "datian"),
    ("汉南社区", "hannan"),
    ("河东社区", "hedong"),
    ("振兴社区", "zhenxing"),
    ("新华社区", "xinhua"),
    ("滨河社区", "binhe"),
    ("铁路社区", "tielu"),
    ("化工社区", "huagong"),
    ("向阳社区", "xiangyang"),
    ("和平社区", "heping"),
    ("幸福社区", "xingfu"),
    ("长芦社区", "changlu"),
    ("光明社区", "guangming"),
    ("朝阳社区", "chaoyang"),
    ("裕丰社区", "yufeng"),
)

COMPOUND_PREFIXES = (
    "滨河",
    "新村",
    "河西",
    "建新",
    "东风",
    "汉沽",
    "盐海",
    "福康",
    "裕民",
    "金海",
    "蓝湾",
    "春晖",
    "碧水",
    "惠民",
    "康宁",
    "锦绣",
    "阳光",
    "和顺",
    "长芦",
    "双盛",
    "宏达",
    "丰泽",
    "海景",
    "翠亭",
    "明珠",
    "桃源",
    "振华",
    "育才",
    "安居",
    "北环",
)
COMPOUND_SUFFIXES = (
    "花园",
    "东里",
    "西里",
    "南里",
    "北里",
    "新苑",
    "家园",
    "小区",
    "公寓",
    "嘉园",
    "里",
    "园",
    "新村",
    "大院",
    "雅居",
)

ROADS = (
    "新开中路",
    "新开北路",
    "河西一经路",
    "建设北路",
    "汉沽大街",
    "东风路",
    "牌坊街",
    "体育场路",
    "盐场路",
    "振兴路",
    "利民道",
    "营城路",
    "远洋路",
    "春华路",
    "滨河路",
    "新华路",
    "朝阳路",
    "光明道",
    "惠民道",
    "长芦路",
)

STREETS = (
    "汉沽街",
    "寨上街",
    "茶淀街",
    "河西街",
    "新开街",
    "滨海街",
    "盐田街",
    "东风街",
    "裕民街",
    "金海街",
    "海滨街",
    "北塘街",
)

ADMINS = ("admin_zhang", "admin_li", "admin_wang")
BRIGADE = "综合执法大队"


def person_name(rng: random.Random) -> str:
    """A surname and a one- or two-character given name."""
    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def staff_name(rng: random.Random) -> str:
    """A surname and a two-character given name from the staff characters."""
    return rng.choice(SURNAMES) + "".join(rng.choice(STAFF_GIVEN_CHARS) for _ in range(2))


def phone(rng: random.Random) -> str:
    """An obviously synthetic 11-digit number: "100" and eight digits."""
    return f"100{rng.randrange(10**8):08d}"


def street_name(index: int) -> str:
    base = STREETS[index % len(STREETS)]
    return base if index < len(STREETS) else f"{base}{index // len(STREETS) + 1}片"


def street_code(index: int) -> str:
    """Three-digit street code; the real Hangu street is 004, the others follow."""
    return f"{4 + index:03d}"


def compound_names(rng: random.Random) -> list[str]:
    """All prefix+suffix names in a random order (a street's pool, used without repeats)."""
    pool = [p + s for p in COMPOUND_PREFIXES for s in COMPOUND_SUFFIXES]
    rng.shuffle(pool)
    return pool
