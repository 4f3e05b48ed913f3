"""Plain Markdown with the same visible text as a generated page's HTML: the bare twin's pages (bench/synth.py).

The plugin renders its pages from templates straight to HTML. A hand-written site holding the same
content would be plain Markdown: headings, paragraphs, lists, tables, links, emphasis, code. This
converts the plugin's HTML into that Markdown, keeping every piece of visible text (a heading's
permalink sign, which the toc extension adds back, and scripts are left out) and each heading's id
(``{ #id }``, the attr_list extension). Block content inside a table cell is flattened into the cell,
as Markdown tables hold one line per row. Class names and other attributes are dropped: they are not
text, and Markdown has no place for them.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "rect", "path", "line", "circle", "col"}
SKIP = {"script", "style", "template"}
HEADINGS = {f"h{i}": i for i in range(1, 7)}
LISTS = {"ul", "ol"}
BLOCKS = {
    *HEADINGS,
    *LISTS,
    "p",
    "div",
    "section",
    "aside",
    "article",
    "nav",
    "footer",
    "header",
    "figure",
    "figcaption",
    "form",
    "fieldset",
    "legend",
    "details",
    "summary",
    "blockquote",
    "pre",
    "table",
    "dl",
    "dt",
    "dd",
    "li",
    "svg",
    "text",
    "desc",
    "title",
    "caption",
    "select",
    "option",
    "optgroup",
    "hr",
}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_LEADING = re.compile(r"^(\s*)([-+>#]|\d+\.)")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP:
            self.skipping += 1
            return
        if self.skipping:
            return
        if tag == "a" and "headerlink" in (dict(attrs).get("class") or ""):
            self.skipping += 1  # the permalink sign: the toc extension adds its own
            self.stack.append(Node("skip"))
            return
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skipping:
            self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self.skipping -= 1
            return
        if self.stack[-1].tag == "skip" and tag == "a":
            self.stack.pop()
            self.skipping -= 1
            return
        if self.skipping or tag in VOID:
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def escape(text: str) -> str:
    """Text as Markdown that shows exactly it (no emphasis, links, raw HTML or list markers)."""
    text = _MD_SPECIAL.sub(r"\\\1", _ENTITY_LIKE.sub("&amp;", text).replace("<", "&lt;"))
    return _LEADING.sub(lambda m: m[1] + "\\" + m[2] if m[2][0] in "-+>#" else m[1] + m[2][:-1] + "\\.", text)


def _keep(href: str) -> str:
    return href


LINK: Callable[[str], str] = _keep
"""How a link's href is written in Markdown (set by :func:`to_markdown`)."""


def page_links(src_uri: str, pages: Mapping[str, str]) -> Callable[[str], str]:
    """An href of the page ``src_uri`` written as a Markdown author would: to the target's source file.

    ``pages`` maps each site URL (``sources/``, ``api/x.json``) to its source file (``sources.md``).
    """
    base = posixpath.dirname(src_uri)
    here = next((url for url, src in pages.items() if src == src_uri), "")

    def link(href: str) -> str:
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^/", href):
            return href
        path, hash_, fragment = href.partition("#")
        path, mark, query = path.partition("?")  # a matrix view: ../../matrix/?area=power
        target = posixpath.normpath(posixpath.join(here, path)) if path else ""
        source = pages.get(target + "/") or pages.get(target) or ("index.md" if target == "." else None)
        if source is None:
            return href
        return posixpath.relpath(source, base or ".") + mark + query + hash_ + fragment

    return link


def inline(node: Node | str) -> str:
    """The node as one line of inline Markdown."""
    if isinstance(node, str):
        return escape(re.sub(r"\s+", " ", node))
    inner = "".join(inline(child) for child in node.children)
    tag = node.tag
    if tag == "br":
        return " "
    if tag == "a" and node.attrs.get("href") and inner.strip():
        return f"[{inner.strip()}](<{LINK(node.attrs['href'])}>)"
    if tag in ("strong", "b") and inner.strip():
        return f"**{inner.strip()}**"
    if tag in ("em", "i", "cite") and inner.strip():
        return f"*{inner.strip()}*"
    if tag == "code":
        text = "".join(_text(child) for child in node.children)
        fence = "``" if "`" in text else "`"
        return f"{fence} {text} {fence}" if text.startswith("`") or text.endswith("`") else f"{fence}{text}{fence}"
    if tag == "q":
        return f"“{inner}”"
    if tag in BLOCKS:
        return f" {inner.strip()} "
    return inner


def _text(node: Node | str) -> str:
    return node if isinstance(node, str) else "".join(_text(child) for child in node.children)


def _is_inline(node: Node | str) -> bool:
    return isinstance(node, str) or node.tag not in BLOCKS


def _paragraph(parts: list[Node | str]) -> str:
    return re.sub(r" {2,}", " ", "".join(inline(p) for p in parts)).strip()


def blocks(node: Node) -> list[str]:
    """The node's children as Markdown blocks (each a string, joined by blank lines)."""
    out: list[str] = []
    run: list[Node | str] = []

    def flush() -> None:
        if run and (text := _paragraph(run)):
            out.append(text)
        run.clear()

    for child in node.children:
        if _is_inline(child):
            run.append(child)
            continue
        flush()
        assert isinstance(child, Node)
        out.extend(block(child))
    flush()
    return out


def block(node: Node) -> list[str]:
    tag = node.tag
    if tag in HEADINGS:
        text = _paragraph(node.children)
        ident = node.attrs.get("id")
        return [("#" * HEADINGS[tag]) + " " + text + (f" {{ #{ident} }}" if ident else "")]
    if tag in LISTS:
        return [_list(node)]
    if tag == "table":
        return [_table(node)]
    if tag == "pre":
        text = _text(node).rstrip("\n")  # an indented code block: plain Markdown, no extension needed
        return ["\n".join("    " + line if line else "" for line in text.splitlines())]
    if tag == "blockquote":
        return ["\n".join("> " + line if line else ">" for line in "\n\n".join(blocks(node)).splitlines())]
    if tag == "hr":
        return ["---"]
    return _with_id(blocks(node), node)


def _is_paragraph(text: str) -> bool:
    return bool(text) and not re.match(r"^(#|- |\d+\. |\||    |>)", text)


def _with_id(parts: list[str], node: Node) -> list[str]:
    """Keep an element's id (a link target) on its first paragraph: attr_list's ``{: #id }`` line."""
    ident = node.attrs.get("id")
    if ident and parts and _is_paragraph(parts[0]):
        parts[0] += f"\n{{: #{ident} }}"
    return parts


def _list(node: Node) -> str:
    items = []
    number = 0
    for child in node.children:
        if not isinstance(child, Node) or child.tag != "li":
            continue
        number += 1
        marker = f"{number}. " if node.tag == "ol" else "- "
        body = "\n\n".join(_with_id(blocks(child), child)) or escape("")
        pad = " " * 4
        lines = body.splitlines()
        first, rest = (lines[0] if lines else ""), lines[1:]
        items.append(marker + first + "".join("\n" + (pad + line if line else "") for line in rest))
    return "\n".join(items) if all("\n" not in i for i in items) else "\n\n".join(items)


def _rows(node: Node) -> list[Node]:
    rows = []
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == "tr":
                rows.append(child)
            elif child.tag in ("thead", "tbody", "tfoot"):
                rows += _rows(child)
    return rows


def _table(node: Node) -> str:
    caption = [c for c in node.children if isinstance(c, Node) and c.tag == "caption"]
    rows = []
    for row in _rows(node):
        cells = [_paragraph([c]).strip() or " " for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]
        if row.attrs.get("id") and cells:  # the row's id (a link target) on its first cell
            cells[0] += f" {{: #{row.attrs['id']} }}"
        rows.append(cells)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [" "] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    head = [_paragraph(caption[0].children)] if caption else []
    return "\n\n".join([*head, "\n".join(lines)])


def to_markdown(html: str, link: Callable[[str], str] = _keep) -> str:
    """The page's HTML as plain Markdown with the same visible text; ``link`` rewrites each href."""
    global LINK
    LINK = link
    try:
        return "\n\n".join(b for b in blocks(parse(html)) if b) + "\n"
    finally:
        LINK = _keep
