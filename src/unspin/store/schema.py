"""The store's schema as numbered migrations; ``PRAGMA user_version`` holds the last one applied.

A migration is only ever appended, never edited: a database made by an older unspin is brought
forward step by step, each step in its own transaction.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: articles and what ingest derives from them; stories, derivations, comparisons, failures.
    """
    CREATE TABLE articles (
        id          TEXT PRIMARY KEY,          -- hash of (key, text): re-ingest is idempotent
        seq         INTEGER NOT NULL UNIQUE,   -- ingestion order
        ext_id      TEXT NOT NULL,             -- the corpus's own id (JSONL id), else id
        key         TEXT NOT NULL,             -- url, else external id, else name: versions share it
        version     INTEGER NOT NULL,
        name        TEXT NOT NULL,
        title       TEXT,
        url         TEXT,
        outlet      TEXT,
        author      TEXT,
        published   TEXT,
        day         INTEGER,                   -- proleptic ordinal of the publication date
        words       INTEGER NOT NULL,
        text        TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_key ON articles(key, version);
    CREATE INDEX articles_ext ON articles(ext_id);
    CREATE TABLE sentences (
        article     TEXT NOT NULL REFERENCES articles(id),
        idx         INTEGER NOT NULL,
        start       INTEGER NOT NULL,
        end         INTEGER NOT NULL,
        boilerplate TEXT,
        PRIMARY KEY (article, idx)
    ) WITHOUT ROWID;
    CREATE TABLE sketches (
        article   TEXT PRIMARY KEY REFERENCES articles(id),
        terms     TEXT NOT NULL,               -- JSON {term: count}
        embedding BLOB NOT NULL,               -- float16 unit vector
        minhash   BLOB NOT NULL                -- uint32 signature
    );
    CREATE TABLE bands (
        key     INTEGER NOT NULL,              -- (band number, band hash) folded into 63 bits
        article TEXT NOT NULL
    );
    CREATE INDEX bands_key ON bands(key);
    CREATE TABLE terms (
        term TEXT PRIMARY KEY,
        df   INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE members (
        article TEXT PRIMARY KEY REFERENCES articles(id),
        thread  TEXT NOT NULL,                 -- first-pass group (same topic, maybe several events)
        story   TEXT NOT NULL                  -- the event: a thread split where it holds two
    );
    CREATE INDEX members_thread ON members(thread);
    CREATE INDEX members_story ON members(story);
    CREATE TABLE derivations (
        article      TEXT PRIMARY KEY REFERENCES articles(id),
        story        TEXT NOT NULL,
        relation     TEXT NOT NULL,            -- original | copy | rewrite | independent
        derived_from TEXT REFERENCES articles(id),
        score        REAL NOT NULL
    );
    CREATE TABLE comparisons (
        source   TEXT NOT NULL REFERENCES articles(id),
        rewrite  TEXT NOT NULL REFERENCES articles(id),
        flagged  INTEGER NOT NULL,
        worst    INTEGER NOT NULL,             -- 3 high, 2 medium, 1 low, 0 none (flagged kinds)
        result   TEXT NOT NULL,                -- the Comparison JSON contract
        PRIMARY KEY (source, rewrite)
    ) WITHOUT ROWID;
    CREATE TABLE changes (
        source      TEXT NOT NULL,
        rewrite     TEXT NOT NULL,
        idx         INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        severity    TEXT NOT NULL,
        explanation TEXT NOT NULL,
        PRIMARY KEY (source, rewrite, idx)
    ) WITHOUT ROWID;
    CREATE INDEX changes_kind ON changes(kind, severity);
    CREATE TABLE failures (
        id     INTEGER PRIMARY KEY,
        origin TEXT NOT NULL,
        reason TEXT NOT NULL,
        at     TEXT NOT NULL
    );
    CREATE TABLE state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    # 2: the lead is kept as MiniLM word pieces (its vector is made at cluster time with the
    # corpus's idf) instead of a MiniLM sentence vector; their document frequencies go in
    # ``terms`` as ``~<piece id>``. Rows of version 1 get their pieces on the next ``cluster``.
    """
    ALTER TABLE sketches DROP COLUMN embedding;
    ALTER TABLE sketches ADD COLUMN pieces BLOB NOT NULL DEFAULT x'';
    """,
    # 3: full-text search over titles and texts for ``serve`` (contentless FTS5: the index only,
    # rowid = articles.seq), filled by a trigger as articles arrive; articles already stored are
    # indexed by this migration.
    """
    CREATE VIRTUAL TABLE article_search USING fts5(
        title, text, content='', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_search AFTER INSERT ON articles BEGIN
        INSERT INTO article_search(rowid, title, text) VALUES (new.seq, COALESCE(new.title, ''), new.text);
    END;
    INSERT INTO article_search(rowid, title, text) SELECT seq, COALESCE(title, ''), text FROM articles;
    """,
    # 4: what ``serve`` looks up: outlets (filter and its choices), what was derived from an
    # article (article page).
    """
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE INDEX derivations_from ON derivations(derived_from);
    """,
    # 5: the claim verifier's scores: a comparison's consistency (0..1, higher = better
    # supported) and each change's confidence. Rows stored before stay NULL until recompared.
    """
    ALTER TABLE comparisons ADD COLUMN consistency REAL;
    ALTER TABLE changes ADD COLUMN confidence REAL;
    """,
    # 6: each article's mentions, as the fact sheet reads them (``unspin.mentions.pack``), so a
    # sheet is read without spaCy and MiniLM. ``reader`` names the code that read them: rows
    # of another reader are read again. Articles never change (a new text is a new version),
    # so a row stays true for its reader.
    """
    CREATE TABLE mentions (
        article TEXT PRIMARY KEY REFERENCES articles(id),
        reader  TEXT NOT NULL,
        data    TEXT NOT NULL,  -- JSON: the mentions
        vectors BLOB NOT NULL   -- int8 sentence vectors, one per sentence data names
    ) WITHOUT ROWID;
    """,
    # 7: ``unspin watch``. ``watches`` is the schedule (a feed or a page per row, times in
    # seconds since the epoch, so a restart resumes it); ``entries`` the links a feed listed;
    # ``versions`` each fetch of a page that gave a new text, addressed by its content hash;
    # ``alerts`` what was raised, with a fresh uid each (the Atom entry id).
    """
    CREATE TABLE watches (
        url        TEXT PRIMARY KEY,
        kind       TEXT NOT NULL,             -- feed | page
        feed       TEXT,                      -- a page: the feed that listed it
        host       TEXT NOT NULL,
        added_at   REAL NOT NULL,
        next_at    REAL NOT NULL,
        interval   REAL NOT NULL,
        last_at    REAL,
        status     TEXT NOT NULL DEFAULT 'new',   -- new | ok | unchanged | failing | retired ...
        etag       TEXT,
        modified   TEXT,
        checks     INTEGER NOT NULL DEFAULT 0,
        unchanged  INTEGER NOT NULL DEFAULT 0,    -- 304s and same-hash answers
        fails      INTEGER NOT NULL DEFAULT 0,    -- in a row
        entries    INTEGER NOT NULL DEFAULT 0,    -- a feed: links listed last time
        new_at     TEXT NOT NULL DEFAULT '[]',    -- a feed: JSON, times new entries were seen
        hash       TEXT,                          -- a page: content hash of its last version
        article    TEXT,                          -- a page: the article of that version
        health     TEXT                           -- the open health problem, if any
    ) WITHOUT ROWID;
    CREATE INDEX watches_due ON watches(status, next_at);
    CREATE TABLE entries (
        feed  TEXT NOT NULL,
        link  TEXT NOT NULL,
        seen  REAL NOT NULL,
        PRIMARY KEY (feed, link)
    ) WITHOUT ROWID;
    CREATE TABLE versions (
        url        TEXT NOT NULL,
        seq        INTEGER NOT NULL,
        hash       TEXT NOT NULL,
        article    TEXT NOT NULL REFERENCES articles(id),
        fetched_at REAL NOT NULL,
        boring     TEXT,                     -- whitespace | date line | furniture, else NULL
        returned   INTEGER NOT NULL DEFAULT 0, -- 1: back to an earlier version (a flip-flop)
        previous   TEXT,                     -- the article it was compared with
        flagged    INTEGER NOT NULL DEFAULT 0,
        warc       TEXT,                     -- "file:offset" of the raw response
        PRIMARY KEY (url, seq)
    ) WITHOUT ROWID;
    CREATE TABLE alerts (
        id      INTEGER PRIMARY KEY,
        uid     TEXT NOT NULL UNIQUE,
        at      REAL NOT NULL,
        type    TEXT NOT NULL,                -- stealth_edit | new_rewrite | disputed | health
        article TEXT,
        url     TEXT,
        rule    TEXT,
        data    TEXT NOT NULL                 -- JSON: the alert as it was sent
    );
    """,
)

VERSION = len(MIGRATIONS)
