"""General tables the tagger's features and rules lean on.

Nothing here names a particular person, place or organisation: these are
surnames, official titles and the suffixes that end names of places and
organisations, i.e. knowledge that holds for any page.
"""

from __future__ import annotations

SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温"
    "康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成"
    "苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费"
    "卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠"
    "惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄"
    "平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公"
    "哈湛宾戎勾茅利於居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由恽宦訾仇滑荀芈郦蓟暴贲羿逄郗蒯钮濮"
)
"""Single-character surnames, the common ones and the regional ones a local paper meets."""

COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 轩辕 端木 独孤 南宫 西门 呼延 澹台 "
    "公羊 太史 申屠 钟离 闻人 万俟 赫连 司空 拓跋 完颜 仲孙 东郭 百里 梁丘 左丘 第五".split()
)

TITLES = frozenset(
    """
    书记 副书记 总书记 常委 委员 主任 副主任 主席 副主席 秘书长 副秘书长 部长 副部长 局长 副局长 处长 副处长
    科长 厅长 副厅长 省长 副省长 市长 副市长 区长 副区长 县长 副县长 镇长 副镇长 乡长 副乡长 村长 街道主任
    总理 副总理 国务委员 总统 副总统 首相 议长 大使 领事 特使 参赞 司长 署长 主委
    院长 副院长 所长 副所长 校长 副校长 站长 馆长 社长 台长 行长 会长 副会长 理事长 董事长 副董事长 董事
    总经理 副总经理 经理 总裁 副总裁 厂长 副厂长 总监 总工程师 工程师 主管 负责人 创始人 党委书记 支部书记
    政委 司令员 副司令员 参谋长 队长 副队长 支队长 大队长 中队长 指导员 教导员 团长 营长 连长 排长 班长 旅长 师长 军长
    教授 副教授 研究员 博士 院士 律师 法官 检察官 警官 民警 交警 辅警 主编 主教练 教练 发言人
    记者 通讯员 实习生
    """.split()
)
"""Positions that, written right before a name, make the next two or three characters a person."""

PERSON_NOUNS = frozenset(
    """
    专家 老师 教师 医生 医师 护士 干警 编辑 作家 画家 诗人 导演 演员 歌手 运动员 队员 选手 代表 委员长 同志 先生
    女士 老人 大爷 大妈 村民 居民 市民 网友 志愿者 党员 职工 员工 师傅 烈士 英雄 模范 冠军 主持人 讲解员
    """.split()
)
"""Words for people that often, but not reliably, come before a name (英雄|迟暮, 同志|戎马): a feature, not a rule."""

TITLE_ENDINGS = ("书记", "长", "主任", "委员", "常委", "主席", "经理", "记者", "主管", "局长")
"""Unlisted titles end like these: 区委副书记, 党组书记, 副总经理 …"""

ORG_SUFFIXES = tuple(
    sorted(
        """
        股份有限公司 有限责任公司 有限公司 集团公司 总公司 分公司 公司 集团 银行 支行 分行 证券交易所 交易所
        委员会 常委会 工委 党委 纪委 政府 人民政府 办事处 办公室 管委会 管理委员会 指挥部 人武部 武装部
        局 厅 署 部 委 办 院 所 处 站 队 支队 大队 中队 总队 分局 派出所 法院 人民法院 检察院 人民检察院
        医院 卫生院 诊所 学校 小学 中学 大学 学院 幼儿园 研究所 研究院 研究中心 中心 协会 学会 商会 基金会 联合会
        联盟 合作社 俱乐部 博物馆 图书馆 纪念馆 美术馆 影城 影院 电影院 剧院 酒店 宾馆 饭店 商场 超市 工厂 厂 店 社 台
        报社 电视台 出版社 杂志社 新华社 军区 部队 舰队 警备区 军分区 消防救援支队 消防救援大队 消防救援站
        """.split(),
        key=len,
        reverse=True,
    )
)
"""Endings of organisation names, longest first."""

STRONG_ORG_SUFFIXES = tuple(
    s
    for s in ORG_SUFFIXES
    if len(s) >= 2
    and s not in {"中心", "联盟", "店", "社", "台", "厂", "工厂", "酒店", "商场", "超市", "部队"}
)
"""Two-character-or-longer endings that make the span before them an organisation on their own."""

LOC_SUFFIXES = tuple(
    sorted(
        """
        省 市 区 县 镇 乡 村 街道 街 路 大道 巷 弄 社区 新村 开发区 高新区 园区 工业园 湖 河 江 山 岛 湾 港 峡 州 盟 旗
        自治区 自治州 自治县 地区 半岛 平原 高原 盆地 海峡 海 洋 大桥 桥 广场 公园 景区 机场 火车站 车站 码头 水库
        """.split(),
        key=len,
        reverse=True,
    )
)
"""Endings of place names, longest first."""

ADMIN_LEVELS = frozenset("省市区县镇乡村")
"""Administrative levels: written alone before an organisation (`区人武部`) they mean "our" level."""

LEGAL_FORMS = (
    "集团股份有限公司",
    "集团有限公司",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "集团",
    "公司",
)
"""Legal endings a company's short name drops (longest first): 江苏洛凯机电股份有限公司 → 洛凯机电."""

NUMERALS = frozenset("0123456789０１２３４５６７８９〇零一二三四五六七八九十百千万亿两")
"""A span made of these alone (`八一`, `532`) is a date or a number, never a name."""

LIST_TAILS = ("等", "一行", "同志", "参加", "出席", "陪同", "分别")
"""Words that close a list of officials: 乔俊杰、恽淇丞、吴震宇等 …"""
