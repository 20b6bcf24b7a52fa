from reader.layout import PARAGRAPH_INDENT, find_line, layout_article, measure
from reader.linebreak import NO_LINE_START, text_width
from reader.models import HEADLINE, TextRef
from reader.parse import parse_page


def test_layout_sets_the_headline_apart_and_indents_paragraphs(seed_text):
    article = parse_page(seed_text)[3]
    lines = layout_article(article, 60)
    kinds = [line.kind for line in lines]
    assert kinds[:6] == ["banner", "blank", "kicker", "title", "blank", "byline"]
    first_body = kinds.index("body")
    assert lines[first_body].indent == PARAGRAPH_INDENT and lines[first_body + 1].indent == 0


def test_every_row_fits_and_no_row_starts_with_closing_punctuation(seed_text):
    for width in (24, 40, 58, 100):
        for article in parse_page(seed_text):
            for line in layout_article(article, width):
                text = article.block(line.block, line.line)[line.start : line.end] if line.block > -3 else ""
                assert line.indent + text_width(text) <= measure(width)
                if line.kind == "body" and line.indent == 0:
                    assert text[:1] not in NO_LINE_START


def test_find_line_locates_an_offset(seed_text):
    article = parse_page(seed_text)[0]
    lines = layout_article(article, 30)
    paragraph = article.paragraphs[1]
    offset = paragraph.index("区委书记乔俊杰")
    row = find_line(lines, TextRef.point(1, 0, offset))
    assert lines[row].block == 1 and lines[row].start <= offset < lines[row].end
    assert lines[find_line(lines, TextRef.point(HEADLINE, 1, 0))].kind == "subtitle"


def test_no_line_is_wider_than_the_pane_even_when_it_is_very_narrow(seed_text):
    for article in parse_page(seed_text):
        for width in range(2, 24):
            for shown in layout_article(article, width):
                if shown.kind in ("blank", "placement"):
                    continue
                text = article.block(shown.block, shown.line)[shown.start : shown.end]
                assert shown.indent + text_width(text) <= width, (width, text)
