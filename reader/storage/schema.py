"""The library's schema: one migration per PRAGMA user_version, each in its own transaction."""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 5


BUSY_TIMEOUT_MS = 10_000
"""How long a write waits for another process's transaction (a sync's list, another reader's mark)."""


MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE papers (
        pk            INTEGER PRIMARY KEY,  -- stable rowid: the FTS index refers to it
        id            TEXT NOT NULL UNIQUE, -- arXiv id without version
        title         TEXT NOT NULL,
        abstract      TEXT NOT NULL DEFAULT '',
        authors       TEXT NOT NULL DEFAULT '',  -- one name per line
        published_on  TEXT,
        daily_date    TEXT,
        list_date     TEXT NOT NULL DEFAULT '',  -- daily_date, else published_on: the list's date
        upvotes       INTEGER,
        comments      INTEGER,
        github_repo   TEXT,
        github_stars  INTEGER,
        project_page  TEXT,
        organization  TEXT,
        submitter     TEXT,
        ai_summary    TEXT,
        ai_keywords   TEXT NOT NULL DEFAULT '',  -- one keyword per line
        raw           TEXT NOT NULL DEFAULT '',  -- the JSON it was parsed from
        added_at      TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    );
    CREATE INDEX papers_in_list_order ON papers (list_date, upvotes, pk);
    CREATE TABLE state (
        paper_id            TEXT PRIMARY KEY,  -- arXiv id; kept even if the paper row goes
        read_at             TEXT,
        read_changed_at     TEXT,
        starred_at          TEXT,
        starred_changed_at  TEXT
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE VIRTUAL TABLE papers_fts USING fts5 (
        title, abstract, authors, ai_keywords, organization,
        content = 'papers', content_rowid = 'pk', tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
        INSERT INTO papers_fts (rowid, title, abstract, authors, ai_keywords, organization)
        VALUES (new.pk, new.title, new.abstract, new.authors, new.ai_keywords, new.organization);
    END;
    CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
        INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors, ai_keywords, organization)
        VALUES ('delete', old.pk, old.title, old.abstract, old.authors, old.ai_keywords, old.organization);
    END;
    CREATE TRIGGER papers_fts_update AFTER UPDATE ON papers BEGIN
        INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors, ai_keywords, organization)
        VALUES ('delete', old.pk, old.title, old.abstract, old.authors, old.ai_keywords, old.organization);
        INSERT INTO papers_fts (rowid, title, abstract, authors, ai_keywords, organization)
        VALUES (new.pk, new.title, new.abstract, new.authors, new.ai_keywords, new.organization);
    END;
    """,
    2: """
    CREATE TABLE lists (
        list_key    TEXT PRIMARY KEY,  -- 'date=2026-06-12', 'week=2026-W24' or 'month=2026-06'
        fetched_at  TEXT NOT NULL,
        papers      INTEGER NOT NULL   -- how many papers the list held when fetched
    );
    CREATE TABLE upvote_history (
        paper_id  TEXT NOT NULL,       -- arXiv id
        seen_at   TEXT NOT NULL,       -- the sync that saw it
        upvotes   INTEGER NOT NULL,
        PRIMARY KEY (paper_id, seen_at)
    ) WITHOUT ROWID;
    """,
}


QUERY_INDEXES_SQL = """
    -- What makes the filter language fast on 50,000 papers (issue 4).
    -- Each paper row holds its raw JSON, so reading any column from the table costs a page
    -- chain per paper (~100 ms for 50,000). One covering index holds every column a filter
    -- compares, so those filters never touch the table; it starts like the list-order index
    -- it replaces, so the list order and date ranges still come straight from it.
    DROP INDEX papers_in_list_order;
    CREATE INDEX papers_in_list_order_with_filters ON papers (
        list_date, upvotes, pk, comments, github_stars, submitter, github_repo, project_page
    );
    -- has:summary (the summaries themselves are too big for the index above).
    CREATE INDEX papers_with_summary ON papers (pk) WHERE ai_summary IS NOT NULL;
    -- The title order (the other orders sort the covering index above in 40-70 ms; titles
    -- would be read from the table: 0.15-0.9 s, the first time the list is sorted by title).
    CREATE INDEX papers_by_title ON papers (title COLLATE NOCASE, list_date DESC, pk DESC);
    -- Prefix indexes: without them the first letters typed ("a", "di") merge the doclists
    -- of thousands of words (0.1-0.5 s); with them, one doclist. The index grows about 2.9x.
    DROP TABLE papers_fts;
    CREATE VIRTUAL TABLE papers_fts USING fts5 (
        title, abstract, authors, ai_keywords, organization,
        content = 'papers', content_rowid = 'pk', tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2'
    );
    INSERT INTO papers_fts (papers_fts) VALUES ('rebuild');
"""
"""Migration 3."""


MIGRATIONS[3] = QUERY_INDEXES_SQL

AROUND_SQL = """
    -- Issue 15: what changed, linked repositories, full texts (each in tables of their own, so
    -- the papers table, its covering index and papers_fts -- the ordinary searches -- are untouched).
    -- is:new: papers first stored after the previous session (meta 'session_new_since').
    CREATE INDEX papers_by_added ON papers (added_at);
    -- Upvotes gained over the last 7 days of recorded history; rebuilt by each stored list.
    CREATE TABLE upvote_gains (
        paper_id  TEXT PRIMARY KEY,
        gain      INTEGER NOT NULL
    ) WITHOUT ROWID;
    -- Models, datasets and Spaces that Hugging Face links to a paper.
    CREATE TABLE linked_repos (
        paper_id       TEXT NOT NULL,
        kind           TEXT NOT NULL,        -- 'model', 'dataset' or 'space'
        repo_id        TEXT NOT NULL,        -- owner/name
        position       INTEGER NOT NULL,     -- the order Hugging Face gave (most relevant first)
        likes          INTEGER,
        downloads      INTEGER,
        pipeline_tag   TEXT,
        sdk            TEXT,
        author         TEXT,
        last_modified  TEXT,
        PRIMARY KEY (paper_id, kind, repo_id)
    ) WITHOUT ROWID;
    CREATE INDEX linked_repos_by_kind ON linked_repos (kind, paper_id);
    -- When a paper's linked repositories were last fetched, and the totals Hugging Face counts.
    CREATE TABLE linked_fetches (
        paper_id    TEXT PRIMARY KEY,
        fetched_at  TEXT NOT NULL,
        models      INTEGER NOT NULL DEFAULT 0,
        datasets    INTEGER NOT NULL DEFAULT 0,
        spaces      INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    -- Full texts: the rowid is the paper's pk, so text:word is one MATCH that yields pks.
    CREATE TABLE full_texts (
        pk          INTEGER PRIMARY KEY,
        paper_id    TEXT NOT NULL UNIQUE,
        markdown    TEXT NOT NULL,
        fetched_at  TEXT NOT NULL
    );
    -- Papers Hugging Face has no full text for (HTTP 404), so they are asked for once.
    CREATE TABLE full_text_missing (
        paper_id    TEXT PRIMARY KEY,
        checked_at  TEXT NOT NULL
    ) WITHOUT ROWID;
    -- When each unresolved paper (from a copied page) was last looked up by title, so a sync does not
    -- search for the same missing titles every time.
    CREATE TABLE unresolved_lookups (
        paper_id  TEXT PRIMARY KEY,
        tried_at  TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE VIRTUAL TABLE full_texts_fts USING fts5 (
        markdown, content = 'full_texts', content_rowid = 'pk', tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER full_texts_fts_insert AFTER INSERT ON full_texts BEGIN
        INSERT INTO full_texts_fts (rowid, markdown) VALUES (new.pk, new.markdown);
    END;
    CREATE TRIGGER full_texts_fts_delete AFTER DELETE ON full_texts BEGIN
        INSERT INTO full_texts_fts (full_texts_fts, rowid, markdown) VALUES ('delete', old.pk, old.markdown);
    END;
    CREATE TRIGGER full_texts_fts_update AFTER UPDATE ON full_texts BEGIN
        INSERT INTO full_texts_fts (full_texts_fts, rowid, markdown) VALUES ('delete', old.pk, old.markdown);
        INSERT INTO full_texts_fts (rowid, markdown) VALUES (new.pk, new.markdown);
    END;
"""
"""Migration 5."""

MIGRATIONS[5] = AROUND_SQL

USER_TABLES = ("state", "tags", "notes")
"""Per-paper tables of the user's own data (keyed by `paper_id`): moved, never dropped, when an unresolved
paper is resolved."""

CACHE_TABLES = (
    "upvote_history", "upvote_gains", "linked_repos", "linked_fetches", "full_texts", "full_text_missing",
    "unresolved_lookups",
)  # fmt: skip
"""Per-paper tables of what was fetched (keyed by `paper_id`): moved along too, but could be fetched again."""


_NOTED_COLUMNS = "title, abstract, authors, ai_keywords, organization, note"
ANNOTATIONS_SQL = f"""
    -- Tags and notes (issue 14): the user's own, kept like the marks in `state` (by arXiv id, never
    -- touched by an import), each element with the time of its last change so machines merge.
    CREATE TABLE tags (
        paper_id    TEXT NOT NULL,     -- arXiv id; kept even if the paper row goes
        tag_key     TEXT NOT NULL,     -- the tag trimmed and case-folded: what filters match
        label       TEXT NOT NULL,     -- the tag as typed: what is shown
        tagged      INTEGER NOT NULL,  -- 1 on; 0 taken off (kept, with its time, for merges)
        changed_at  TEXT NOT NULL,
        PRIMARY KEY (paper_id, tag_key)
    ) WITHOUT ROWID;
    CREATE INDEX tags_in_use ON tags (tag_key, paper_id) WHERE tagged;
    CREATE TABLE notes (
        paper_id    TEXT PRIMARY KEY,  -- arXiv id
        text        TEXT NOT NULL,     -- '' once deleted (kept, with its time, for merges)
        changed_at  TEXT NOT NULL
    );
    -- Which papers each named digest has reported: the largest pk it saw (pks grow as papers arrive).
    CREATE TABLE digests (
        name         TEXT PRIMARY KEY,
        digested_at  TEXT NOT NULL,
        last_pk      INTEGER NOT NULL
    );
    -- Plain words match notes too. The papers that have a note (few) are indexed once more here,
    -- every column with the note as one more, so any filter runs the same over both indexes and the
    -- big one stays as it was: rowid = papers.pk, kept in step by the triggers below.
    CREATE VIRTUAL TABLE noted_fts USING fts5 (
        {_NOTED_COLUMNS}, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2'
    );
    CREATE TRIGGER notes_index_insert AFTER INSERT ON notes BEGIN
        INSERT INTO noted_fts (rowid, {_NOTED_COLUMNS})
        SELECT pk, title, abstract, authors, ai_keywords, organization, new.text
        FROM papers WHERE id = new.paper_id AND new.text != '';
    END;
    CREATE TRIGGER notes_index_update AFTER UPDATE ON notes BEGIN
        DELETE FROM noted_fts WHERE rowid = (SELECT pk FROM papers WHERE id = old.paper_id);
        INSERT INTO noted_fts (rowid, {_NOTED_COLUMNS})
        SELECT pk, title, abstract, authors, ai_keywords, organization, new.text
        FROM papers WHERE id = new.paper_id AND new.text != '';
    END;
    CREATE TRIGGER notes_index_delete AFTER DELETE ON notes BEGIN
        DELETE FROM noted_fts WHERE rowid = (SELECT pk FROM papers WHERE id = old.paper_id);
    END;
    CREATE TRIGGER papers_noted_insert AFTER INSERT ON papers
    WHEN EXISTS (SELECT 1 FROM notes WHERE paper_id = new.id AND text != '') BEGIN
        INSERT INTO noted_fts (rowid, {_NOTED_COLUMNS})
        SELECT new.pk, new.title, new.abstract, new.authors, new.ai_keywords, new.organization, n.text
        FROM notes n WHERE n.paper_id = new.id;
    END;
    CREATE TRIGGER papers_noted_update AFTER UPDATE ON papers
    WHEN EXISTS (SELECT 1 FROM notes WHERE paper_id = new.id AND text != '') BEGIN
        DELETE FROM noted_fts WHERE rowid = old.pk;
        INSERT INTO noted_fts (rowid, {_NOTED_COLUMNS})
        SELECT new.pk, new.title, new.abstract, new.authors, new.ai_keywords, new.organization, n.text
        FROM notes n WHERE n.paper_id = new.id;
    END;
    CREATE TRIGGER papers_noted_delete AFTER DELETE ON papers
    WHEN EXISTS (SELECT 1 FROM notes WHERE paper_id = old.id) BEGIN
        DELETE FROM noted_fts WHERE rowid = old.pk;
    END;
"""
"""Migration 4."""


MIGRATIONS[4] = ANNOTATIONS_SQL


def split_sql(script: str) -> list[str]:
    """Statements of a migration script (triggers hold `;` inside BEGIN ... END)."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
