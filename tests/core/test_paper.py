"""Unit tests for reader.core.paper and reader.core.text: text hygiene, id/repo/URL normalization, Paper links."""

from __future__ import annotations

import pytest

from reader.core.paper import Link, Paper, find_github_repo, is_web_url, normalize_github_repo, normalize_paper_id
from reader.core.text import clean_block, clean_line, strip_controls

ESC = "\x1b"
BEL = "\x07"
ST = "\x1b\\"


def assert_no_controls(text: str) -> None:
    """No C0 (except newline), DEL, C1, or bidi override/isolate survives."""
    bad = [
        ch
        for ch in text
        if (ord(ch) < 32 and ch != "\n")
        or 0x7F <= ord(ch) <= 0x9F
        or ch in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\ufeff"
    ]
    assert not bad, f"control characters left: {bad!r} in {text!r}"


# --- strip_controls / clean_line -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(f"{ESC}[31mred{ESC}[0m text", "red text", id="csi-sgr"),
        pytest.param(f"{ESC}[1;38;5;196mbold{ESC}[m", "bold", id="csi-256-colour"),
        pytest.param(f"a{ESC}[2Jb{ESC}[Hc", "abc", id="csi-clear-screen-and-home"),
        pytest.param(f"a{ESC}[?1049hb", "ab", id="csi-private-alt-screen"),
        pytest.param(
            f"{ESC}]8;;https://evil.example/{ST}click me{ESC}]8;;{ST}",
            "click me",
            id="osc8-hyperlink-st",
        ),
        pytest.param(
            f"{ESC}]8;;https://evil.example/{BEL}click me{ESC}]8;;{BEL}",
            "click me",
            id="osc8-hyperlink-bel",
        ),
        pytest.param(f"before{ESC}]0;pwned title{BEL}after", "beforeafter", id="osc-title-bel"),
        pytest.param(f"before{ESC}]0;pwned title{ST}after", "beforeafter", id="osc-title-st"),
        pytest.param(f"x{ESC}]52;c;ZXZpbA=={BEL}y", "xy", id="osc52-clipboard-write"),
        pytest.param("a\x9b31mb\x9b0mc", "abc", id="c1-8bit-csi"),
        pytest.param("a\x9d0;title\x9cb", "ab", id="c1-8bit-osc-st"),
        pytest.param(f"a{ESC}Pq#0;2;0;0;0{ST}b", "ab", id="dcs-sixel"),
        pytest.param(f"a{ESC}cb", "ab", id="esc-reset"),
        pytest.param(f"a{ESC}(Bb", "ab", id="esc-charset"),
        pytest.param(f"a{ESC}", "a", id="lone-trailing-esc"),
        # An unterminated string sequence would swallow the rest in a terminal: it goes too.
        pytest.param(f"a{ESC}]8;;https://evil.example/ click", "a", id="unterminated-osc"),
        pytest.param("a\x9fapc payload", "a", id="unterminated-8bit-apc"),
        pytest.param(f"a{ESC}[", "a", id="truncated-csi"),
    ],
)
def test_escape_sequences_are_removed(raw: str, expected: str) -> None:
    assert clean_line(raw) == expected
    assert ESC not in strip_controls(raw)
    assert_no_controls(strip_controls(raw))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("evil\u202etxt.exe", "eviltxt.exe", id="rlo-U+202E"),
        pytest.param("a\u202ab\u202bc\u202cd\u202de", "abcde", id="embeddings-U+202A-D"),
        pytest.param("x\u2066y\u2067z\u2068w\u2069", "xyzw", id="isolates-U+2066-9"),
        pytest.param("a\u200eb\u200fc\u061cd", "abcd", id="direction-marks"),
        pytest.param("\ufeffTitle", "Title", id="bom"),
        pytest.param("a\x00b", "ab", id="nul"),
        pytest.param("a\x01\x02\x03\x04\x05\x06\x07\x08b", "ab", id="c0-low"),
        pytest.param("a\x0b\x0cb", "ab", id="vt-ff"),
        pytest.param("a\x0e\x0f\x10\x1a\x1c\x1fb", "ab", id="c0-high"),
        pytest.param("a\x7fb", "ab", id="del"),
        pytest.param("a\x80\x85\x8d\x91\x9cb", "ab", id="c1"),
        pytest.param("a\ud800b\udfffc\ud83d", "abc", id="lone-surrogates"),
    ],
)
def test_controls_and_bidi_overrides_are_removed(raw: str, expected: str) -> None:
    assert clean_line(raw) == expected
    assert_no_controls(strip_controls(raw))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("line one\nline two", "line one line two", id="lf"),
        pytest.param("line one\r\nline two", "line one line two", id="crlf"),
        pytest.param("line one\rline two", "line one line two", id="cr"),
        pytest.param("a\tb\t\tc", "a b c", id="tabs"),
        pytest.param("  padded   title \n", "padded title", id="outer-and-inner-runs"),
        pytest.param("a\u00a0b", "a b", id="nbsp"),
        pytest.param("a\u2028b\u2029c", "a b c", id="unicode-line-separators"),
        pytest.param("", "", id="empty"),
        pytest.param(" \t\r\n ", "", id="only-whitespace"),
        pytest.param(f"{ESC}[0m\x00\u202e", "", id="only-controls"),
    ],
)
def test_clean_line_collapses_whitespace(raw: str, expected: str) -> None:
    assert clean_line(raw) == expected


def test_strip_controls_keeps_newlines_and_normalizes_cr() -> None:
    assert strip_controls("a\r\nb\rc\nd") == "a\nb\nc\nd"
    assert strip_controls("a\tb") == "a b"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[@click=app.quit]x[/]", id="click-action-markup"),
        pytest.param("[/]", id="bare-close-tag"),
        pytest.param("[bold red]Title[/bold red]", id="style-markup"),
        pytest.param("[link=https://evil.example]x[/link]", id="link-markup"),
        pytest.param("Scaling [MASK] tokens [1] and $x^2$ {braces}", id="brackets-in-prose"),
        pytest.param("&lt;b&gt; <script>alert(1)</script>", id="html"),
    ],
)
def test_markup_is_left_literally(text: str) -> None:
    # Keeping markup inert is the renderer's job; the sanitizer must not mangle it.
    assert strip_controls(text) == text
    assert clean_line(text) == text
    assert clean_block(text) == text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Family: \U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466", id="zwj-family"),
        pytest.param("\U0001f3f3\ufe0f\u200d\U0001f308 flag", id="zwj-rainbow-flag-vs16"),
        pytest.param("\U0001f44d\U0001f3fd skin tone", id="emoji-modifier"),
        pytest.param("大型语言模型的推理能力", id="cjk"),
        pytest.param("日本語のテキスト、かな・カナ", id="japanese"),
        pytest.param("한국어 논문 제목", id="korean"),
        pytest.param("Қазақ тілі: KazQAD", id="kazakh-cyrillic"),
        pytest.param("نموذج لغوي عربي", id="arabic-rtl-without-overrides"),
        pytest.param("Café naïve résumé ü ß", id="latin-diacritics"),
        pytest.param("\u03b1-\u03b2 \u2264 \u03b3 \u2192 \u221e \u2211", id="math-symbols"),
    ],
)
def test_unicode_text_is_preserved(text: str) -> None:
    assert strip_controls(text) == text
    assert clean_line(text) == text


def test_escape_sequence_cannot_be_reassembled_from_fragments() -> None:
    # Removing a NUL must not glue "ESC" and "[31m" into a live sequence.
    for raw in (f"{ESC}\x00[31mred", f"\x00{ESC}[31mred", f"{ESC}{ESC}[31m[31mred"):
        out = clean_line(raw)
        assert ESC not in out
        assert "\x9b" not in out
        assert out.endswith("red")


# --- clean_block ---------------------------------------------------------------------------


def test_clean_block_joins_hard_wraps() -> None:
    raw = (
        "Transformers can capture long-range dependencies using self-attention,\n"
        "allowing tokens to attend\nto all others directly."
    )
    assert clean_block(raw) == (
        "Transformers can capture long-range dependencies using self-attention, "
        "allowing tokens to attend to all others directly."
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("First para\nwrapped.\n\nSecond\npara.", "First para wrapped.\n\nSecond para.", id="lf"),
        pytest.param("First.\r\n\r\nSecond.", "First.\n\nSecond.", id="crlf"),
        pytest.param("First.\r\rSecond.", "First.\n\nSecond.", id="cr"),
        pytest.param("First.\n  \t \nSecond.", "First.\n\nSecond.", id="blank-line-with-spaces"),
        pytest.param("First.\n\n\n\n\nSecond.", "First.\n\nSecond.", id="many-blank-lines"),
        pytest.param("\n\n  First.\n\nSecond.  \n\n", "First.\n\nSecond.", id="leading-trailing"),
        pytest.param("One.\n\nTwo.\n\nThree.", "One.\n\nTwo.\n\nThree.", id="three-paragraphs"),
        pytest.param("A\tB\n\n\tC", "A B\n\nC", id="tabs"),
        # arXiv's abstract convention: a line that starts with white space is not wrapped,
        # it begins a new paragraph ("...positioning.\n  Our contributions are twofold.").
        pytest.param("First\npara.\n  Second\npara.", "First para.\n\nSecond para.", id="arxiv-indented"),
        pytest.param("First.\n\tSecond.", "First.\n\nSecond.", id="arxiv-indented-tab"),
        pytest.param("", "", id="empty"),
        pytest.param("\n\n \n", "", id="only-blank"),
    ],
)
def test_clean_block_keeps_paragraph_breaks(raw: str, expected: str) -> None:
    assert clean_block(raw) == expected


def test_clean_block_strips_controls_inside_paragraphs() -> None:
    raw = f"Intro {ESC}[31mred{ESC}[0m\u202e.\n\n{ESC}]8;;https://x.example{ST}link{ESC}]8;;{ST}\x00 end."
    out = clean_block(raw)
    assert out == "Intro red.\n\nlink end."
    assert_no_controls(out)


def test_clean_block_paragraph_made_only_of_controls_disappears() -> None:
    assert clean_block(f"One.\n\n{ESC}[2J\x00\u202e\n\nTwo.") == "One.\n\nTwo."


def test_clean_block_never_keeps_a_single_newline() -> None:
    out = clean_block("a\nb\n\nc\nd\n\ne")
    assert "\n\n\n" not in out
    assert all(part and "\n" not in part for part in out.split("\n\n"))


# --- normalize_paper_id --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2410.17897", "2410.17897"),
        ("2410.17897v1", "2410.17897"),
        ("2410.17897v12", "2410.17897"),
        ("  2606.00467\n", "2606.00467"),
        ("1501.0001", "1501.0001"),  # four-digit sequence numbers before 2015
        ("0704.0001v2", "0704.0001"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("hep-th/9901001v3", "hep-th/9901001"),
        ("math/0601001", "math/0601001"),
        ("cond-mat.stat-mech/0102536", "cond-mat.stat-mech/0102536"),
    ],
)
def test_normalize_paper_id_accepts_arxiv_ids(raw: str, expected: str) -> None:
    assert normalize_paper_id(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "v2",
        "../etc/passwd",
        "../../2410.17897",
        "2410.17897/../../etc/passwd",
        "/etc/passwd",
        "hep-th/../9901001",
        "a../9901001",  # not a path segment, but no archive is named with ".." either
        "hep-th./9901001",
        "hep.-th/9901001",
        "https://arxiv.org/abs/2410.17897",
        "https://huggingface.co/papers/2410.17897",
        "arxiv:2410.17897",
        "2410.17897.pdf",
        "2410.17897v",
        "2410.17897 v2",
        "2410.17897\n2410.17898",
        "241.17897",
        "2410.178",
        "2410.178979",
        "HEP-TH/9901001",
        "hep-th/990100",
        "[@click=app.quit]2410.17897[/]",
        "2410.17897\x00",
        "2410.17897;DROP TABLE papers",
        "\uff12\uff14\uff11\uff10.\uff11\uff17\uff18\uff19\uff17",  # fullwidth digits
        "٢٤١٠.١٧٨٩٧",  # Arabic-Indic digits
    ],
)
def test_normalize_paper_id_refuses_non_ids(raw: str) -> None:
    assert normalize_paper_id(raw) is None


# --- normalize_github_repo / find_github_repo ----------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://github.com/MiniMax-AI/MSA", "https://github.com/MiniMax-AI/MSA"),
        ("http://github.com/MiniMax-AI/MSA", "https://github.com/MiniMax-AI/MSA"),
        ("https://www.github.com/owner/repo", "https://github.com/owner/repo"),
        ("https://github.com/owner/repo/", "https://github.com/owner/repo"),
        ("https://github.com/owner/repo.git", "https://github.com/owner/repo"),
        ("https://github.com/owner/repo.", "https://github.com/owner/repo"),
        ("https://github.com/owner/repo.git.", "https://github.com/owner/repo"),
        ("https://github.com/owner/repo/tree/main/src", "https://github.com/owner/repo"),
        ("https://github.com/owner/repo#readme", "https://github.com/owner/repo"),
        ("https://github.com/owner/repo?tab=readme-ov-file", "https://github.com/owner/repo"),
        ("  https://github.com/owner/repo  ", "https://github.com/owner/repo"),
        ("https://github.com/owner/my.repo_name-2", "https://github.com/owner/my.repo_name-2"),
        ("owner/repo", "https://github.com/owner/repo"),
        ("owner/repo.git", "https://github.com/owner/repo"),
        (
            "psychology-of-AI/Rethinking-Pyschometric-Eval-LLMs",
            "https://github.com/psychology-of-AI/Rethinking-Pyschometric-Eval-LLMs",
        ),
    ],
)
def test_normalize_github_repo(raw: str, expected: str) -> None:
    assert normalize_github_repo(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "owner",
        "https://github.com/",
        "https://github.com/owner",
        "https://gitlab.com/owner/repo",
        "https://bitbucket.org/owner/repo",
        "https://huggingface.co/owner/repo",
        "https://notgithub.com/owner/repo",
        "https://github.com.evil.example/owner/repo",
        "https://evil.example/github.com/owner/repo",
        "javascript:alert(1)//github.com/owner/repo",
        "owner/..",
        "owner/.",
        "owner/repo/extra",
        "-owner/repo",
        "owner /repo",
        "https://github.com/owner/..",
    ],
)
def test_normalize_github_repo_refuses(raw: str) -> None:
    assert normalize_github_repo(raw) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "We propose X. Code is available at https://github.com/YujunZhou/tellonce.",
            "https://github.com/YujunZhou/tellonce",
            id="sentence-final-period",
        ),
        pytest.param(
            "Our code and data are released at https://github.com/owner/repo.git.",
            "https://github.com/owner/repo",
            id="dot-git-then-period",
        ),
        pytest.param(
            "Code (https://github.com/owner/repo) and models are public.",
            "https://github.com/owner/repo",
            id="in-parentheses",
        ),
        pytest.param(
            "See https://github.com/owner/repo, the project page, and the demo.",
            "https://github.com/owner/repo",
            id="followed-by-comma",
        ),
        pytest.param(
            "Code: https://github.com/owner/repo/tree/main/experiments. Data: https://github.com/other/data.",
            "https://github.com/owner/repo",
            id="first-of-two",
        ),
        pytest.param(
            "Hard-wrapped abstract; code is at\nhttps://github.com/owner/repo.\nMore text.",
            "https://github.com/owner/repo",
            id="hard-wrapped",
        ),
        pytest.param(
            "Project: https://owner.github.io/site/ and code https://github.com/owner/site.",
            "https://github.com/owner/site",
            id="skips-github-io",
        ),
    ],
)
def test_find_github_repo_in_abstract(text: str, expected: str) -> None:
    assert find_github_repo(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "No code is released.",
        "Our project page is https://owner.github.io/project/.",
        "Mirrored at https://gitlab.com/owner/repo.",
        "We thank GitHub for hosting.",
        "Visit https://github.com/owner for more.",
    ],
)
def test_find_github_repo_none(text: str) -> None:
    assert find_github_repo(text) is None


# --- is_web_url ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://huggingface.co/papers/2410.17897",
        "http://example.com",
        "https://example.com/",
        "HTTPS://EXAMPLE.COM/path?q=1#frag",
        "https://arxiv.org/pdf/2410.17897",
        "https://jayoohwang1.github.io/webchallenger-site/",
        "http://localhost:8000/x",
        "https://[::1]:8443/",
    ],
)
def test_is_web_url_accepts_http_and_https(url: str) -> None:
    assert is_web_url(url) is True


@pytest.mark.parametrize(
    "url",
    [
        "",
        "https://",
        "http://",
        "https:///path",
        "https://?q=1",
        "https://#frag",
        "https://:443/",
        "https://@/",
        "https://user:pw@/x",
        "https://[::1/",
        "https:example.com",
        "//example.com/path",
        "example.com",
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        " javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.com/file",
        "mailto:someone@example.com",
        "vbscript:msgbox",
        "https://exa mple.com/",
        "https://example.com/a b",
        "https://example.com/\n",
        "https://example.com\nhttps://evil.example",
        "https://example.com/\tx",
        " https://example.com/",
        "https://example.com/\x00",
        "https://example.com/\x1b[31m",
        "https://example.com/\x7f",
        "https://example.com/\x9b31m",
    ],
)
def test_is_web_url_refuses(url: str) -> None:
    assert is_web_url(url) is False


# --- Paper ---------------------------------------------------------------------------------


def test_paper_links_full_set_in_order() -> None:
    paper = Paper(
        id="2410.17897",
        title="T",
        github_repo="https://github.com/owner/repo",
        project_page="https://owner.github.io/repo/",
    )
    assert paper.links == (
        Link("Hugging Face", "https://huggingface.co/papers/2410.17897"),
        Link("arXiv", "https://arxiv.org/abs/2410.17897"),
        Link("PDF", "https://arxiv.org/pdf/2410.17897"),
        Link("GitHub", "https://github.com/owner/repo"),
        Link("Project page", "https://owner.github.io/repo/"),
    )


def test_paper_links_minimal() -> None:
    paper = Paper(id="2410.17897", title="T")
    assert [link.label for link in paper.links] == ["Hugging Face", "arXiv", "PDF"]
    assert paper.has_code is False
    assert paper.hf_url == "https://huggingface.co/papers/2410.17897"


def test_paper_links_project_page_without_github() -> None:
    paper = Paper(id="2606.12303", title="T", project_page="https://zju-xyc.github.io/1D-Fusion-Project-Page/")
    assert [link.label for link in paper.links] == ["Hugging Face", "arXiv", "PDF", "Project page"]


def test_paper_links_github_without_project_page() -> None:
    paper = Paper(id="2606.13392", title="T", github_repo="https://github.com/MiniMax-AI/MSA")
    assert paper.has_code is True
    assert [(link.label, link.url) for link in paper.links][3:] == [("GitHub", "https://github.com/MiniMax-AI/MSA")]


@pytest.mark.parametrize(
    "project_page",
    ["https://github.com/owner/repo", "https://github.com/owner/repo/"],
)
def test_paper_links_project_page_equal_to_github_not_repeated(project_page: str) -> None:
    paper = Paper(
        id="2410.17897",
        title="T",
        github_repo="https://github.com/owner/repo",
        project_page=project_page,
    )
    labels = [link.label for link in paper.links]
    assert labels == ["Hugging Face", "arXiv", "PDF", "GitHub"]


def test_paper_links_old_style_id() -> None:
    paper = Paper(id="hep-th/9901001", title="T")
    assert [(link.label, link.url) for link in paper.links][1:] == [
        ("arXiv", "https://arxiv.org/abs/hep-th/9901001"),
        ("PDF", "https://arxiv.org/pdf/hep-th/9901001"),
    ]


def test_paper_links_non_arxiv_id_has_no_arxiv_links() -> None:
    # An id of a paper imported from copied page text is not an arXiv id.
    paper = Paper(id="local-3f2a9c", title="T", github_repo="https://github.com/owner/repo")
    assert [link.label for link in paper.links] == ["Hugging Face", "GitHub"]


def test_paper_links_are_all_web_urls() -> None:
    paper = Paper(
        id="2410.17897",
        title="T",
        github_repo="https://github.com/owner/repo",
        project_page="https://example.com/p",
    )
    assert len(paper.links) <= 9
    assert all(is_web_url(link.url) for link in paper.links)


def test_paper_raw_is_not_part_of_equality() -> None:
    assert Paper(id="2410.17897", title="T", raw="{}") == Paper(id="2410.17897", title="T", raw="[]")


def test_paper_is_frozen() -> None:
    paper = Paper(id="2410.17897", title="T")
    with pytest.raises(AttributeError):
        paper.title = "other"  # type: ignore[misc]
