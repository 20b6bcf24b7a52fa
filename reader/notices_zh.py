"""The core's diagnostics in Chinese, for a run whose language is Chinese (see `reader.i18n`).

The core writes its problems and notices in English, once: they come from
worker processes, are kept in the cache, and go to stderr in the command
line.  The app shows them in the run's language by rewriting the phrases it
knows; paths, names and numbers in them stay as they are, and a message it
does not know is shown as written.
"""

from __future__ import annotations

import re
from functools import cache

from reader.i18n import current

_PHRASES: list[tuple[str, str]] = [
    # files and folders
    (r"no such file or directory", "没有这个文件或目录"),
    (r"permission denied", "没有权限"),
    (r"too many levels of symbolic links", "符号链接层数太多"),
    (r"broken symbolic link: skipped", "符号链接指向不存在的文件：已跳过"),
    (
        r"not a regular file \(a FIFO, socket or device\): skipped",
        "不是普通文件（管道、套接字或设备）：已跳过",
    ),
    (r"a link to nothing \((.+?)\)", r"指向不存在之处的链接（\1）"),
    (r"no \.txt or \.md pages in this directory", "这个目录里没有 .txt 或 .md 页面"),
    (r"empty file", "空文件"),
    (r"no text found", "没有找到文字"),
    (r"unreadable \((.+?)\)", r"无法读取（\1）"),
    (r"not text: looks like (.+)", r"不是文本：看起来是\1"),
    (r"not text: binary data \(many (.+?) bytes\)", r"不是文本：二进制数据（大量 \1 字节）"),
    (
        r"(\d[\d,]*) (?:bytes?|characters?) not valid ([A-Z0-9-]+), shown as �",
        r"\1 处不是有效的 \2，显示为 �",
    ),
    (
        r"not UTF-8 \(byte (\d+)\); undecodable bytes were replaced",
        r"不是 UTF-8（第 \1 字节）；无法解码的字节已替换",
    ),
    (r"there is no such date; the page is left undated", "没有这一天；这一页不注日期"),
    (r"(\d{4}-\d\d-\d\d) is a (星期.), not a (星期.)", r"\1 是\2，不是\3"),
    # the cache
    (r"continuing without a cache", "不用缓存继续"),
    (r"using it without saving", "只读使用，不再保存"),
    (r"results are not saved", "结果不保存"),
    (r"results are no longer saved", "结果不再保存"),
    (r"some results were not saved", "部分结果没有保存"),
    (r"starting a new one", "重新建立"),
    (r"the disk holding the cache at (.+?) is full", r"缓存 \1 所在的磁盘满了"),
    (r"the cache at (.+?) is busy \(another reader is writing it\)", r"缓存 \1 正忙（另一个 reader 在写）"),
    (r"the cache at (.+?) is read-only", r"缓存 \1 是只读的"),
    (r"the cache at (.+?) is damaged again", r"缓存 \1 又损坏了"),
    (r"the cache at (.+?) was damaged", r"缓存 \1 损坏了"),
    (r"the cache at (.+?) cannot be rebuilt", r"缓存 \1 无法重建"),
    (r"the cache at (.+?) cannot be used", r"缓存 \1 不能用"),
    (r"the cache directory (.+?) is not writable", r"缓存目录 \1 不可写"),
    (r"cannot create the cache directory (.+?) ", r"无法建立缓存目录 \1 "),
    (r"no cache directory", "没有缓存目录"),
    (r"is (.+?), not a cache file", r"是\1，不是缓存文件"),
    (r"worker processes failed \((.+?)\): continuing in this process", r"工作进程失败（\1）：在本进程中继续"),
    # config.toml and userdict.txt
    (
        r"line (\d+): unknown setting '(.+?)' \(known: (.+?)\); ignored",
        r"第 \1 行：没有 '\2' 这个设置（可用：\3）；已忽略",
    ),
    (r"line (\d+): (\w+) should be a (\w+); using the default", r"第 \1 行：\2 应该是 \3；使用默认值"),
    (
        r"line (\d+): language should be \"zh\" or \"en\"; using the locale's",
        r'第 \1 行：language 应为 "zh" 或 "en"；按系统语言',
    ),
    (r"\[keys\] (.+?): should be a string of keys; ignored", r"[keys] \1：应为按键字符串；已忽略"),
    (r"(\d[\d,]*) more unknown settings, each ignored", r"另有 \1 个未知设置，均已忽略"),
    (r"not UTF-8 text; using defaults", "不是 UTF-8 文本；使用默认设置"),
    (r"; using defaults", "；使用默认设置"),
    (r"\(line ignored\)", "（此行已忽略）"),
    (
        r"(\d[\d,]*) more malformed lines \(([\d,]+) in all\), each ignored",
        r"另有 \1 行格式有误（共 \2 行），均已忽略",
    ),
    (
        r"unknown tag (.+?) \(use nr/ns/nt, PER/LOC/ORG, O, or a jieba part of speech\)",
        r"未知标记 \1（用 nr/ns/nt、PER/LOC/ORG、O 或 jieba 词性）",
    ),
    (r"too many fields \(expected: word \[freq\] \[tag\]\)", "字段太多（应为：词 [词频] [标记]）"),
    (r"frequency must be a positive whole number", "词频必须是正整数"),
    (
        r"alias (.+?) = (.+?): the corpus has no such pair of the same type",
        r"alias \1 = \2：文集里没有这一对同类的名字",
    ),
    # why two names were merged (a profile's 又名)
    (r"introduced as the short name of (.+?) \(“简称(.+?)”\)", r"文中称作 \1 的简称（“简称\2”）"),
    (r"abbreviates (.+?) word by word", r"\1 的逐词缩写"),
    (r"(.+?) without its legal form \((.+?)\)", r"\1 去掉组织形式（\2）"),
    (r"(.+?) without its place \((.+?)\) and legal form", r"\1 去掉地名（\2）和组织形式"),
    (r"(.+?) without its suffix \((.+?)\)", r"\1 去掉后缀（\2）"),
    (r"the user's dictionary \((.+?)\)", r"用户词典（\1）"),
]


@cache
def _compiled() -> list[tuple[re.Pattern[str], str]]:
    """Compiled when first needed: most runs show no notice at all."""
    return [(re.compile(pattern), replacement) for pattern, replacement in _PHRASES]


def in_language(message: str) -> str:
    """`message` as the run's language says it (unchanged in English, or when not known)."""
    if current() != "zh":
        return message
    for pattern, replacement in _compiled():
        message = pattern.sub(replacement, message)
    return message
