"""Every marshmallow schema of the wire format, in one place.

The same schemas validate requests, shape responses and generate /openapi.json.
"""

from __future__ import annotations

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, post_dump, validate, validates_schema

from workers.scoring.sources import normalise_name

STANCES = ("confirms", "denies", "neutral")
SOURCE_KINDS = ("outlet", "government", "official", "person", "agency", "anonymous", "other")
JOB_STATES = ("queued", "running", "succeeded", "failed", "canceled")
VERDICTS = ("corroborated", "contested", "refuted", "unverified")

SOURCE_ID_CHARS = 200
QUOTE_CHARS = 10_000
MAX_CITES = 50
_SOURCE_ID = validate.Length(min=1, max=SOURCE_ID_CHARS)
# No request of this API needs more than a handful of levels; a deeper body is an attack on the
# recursive code that walks it (marshmallow, the JSON encoder), refused before any of it runs.
MAX_JSON_DEPTH = 32


def check_json_tree(body) -> tuple[str, str] | None:
    """(field, problem) for the first part of a parsed JSON body no schema should see, else None.

    Iterative, so a body nested thousands deep costs one pass and never a RecursionError.
    Strings must be encodable as UTF-8: JSON lets "\ud800" through as a lone surrogate, which
    would fail later, when the statement is fingerprinted or stored.
    """
    stack = [(body, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return path or "body", f"nested more than {MAX_JSON_DEPTH} levels deep"
        if isinstance(value, str):
            if not _encodable(value):
                return path or "body", "Must be valid Unicode text (it holds a lone surrogate)."
        elif isinstance(value, dict):
            for key, item in value.items():
                if not _encodable(key):
                    return path or "body", "Field names must be valid Unicode text."
                stack.append((item, f"{path}.{key}" if path else key, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value))
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def reading_cost(statement: dict) -> tuple[int, int]:
    """(characters a worker reads, quotes whose stance it must infer) for a loaded statement."""
    evidence = statement.get("evidence") or ()
    characters = len(statement.get("text", ""))
    characters += sum(len(item.get("quote") or "") for item in evidence)
    characters += sum(len(document.get("text") or "") for document in statement.get("documents") or ())
    quotes = sum(1 for item in evidence if "stance" not in item and (item.get("quote") or "").strip())
    return characters, quotes


class SourceObjectSchema(Schema):
    class Meta:
        unknown = RAISE

    id = fields.String(required=True, validate=_SOURCE_ID)
    name = fields.String(validate=validate.Length(max=200))
    affiliations = fields.List(fields.String(validate=_SOURCE_ID), validate=validate.Length(max=50))
    reliability = fields.Float(validate=validate.Range(0, 1), allow_nan=False)
    kind = fields.String(validate=validate.OneOf(SOURCE_KINDS))


class SourceSchema(Schema):
    """A registry entry: who a source is, which names it goes by, and how far to trust it."""

    class Meta:
        unknown = RAISE

    id = fields.String(required=True, validate=_SOURCE_ID)
    name = fields.String(validate=validate.Length(min=1, max=200))
    aliases = fields.List(fields.String(validate=_SOURCE_ID), load_default=list, validate=validate.Length(max=100))
    affiliations = fields.List(fields.String(validate=_SOURCE_ID), load_default=list,
                               validate=validate.Length(max=50))
    kind = fields.String(load_default="other", validate=validate.OneOf(
        SOURCE_KINDS, error="Must be one of " + ", ".join(SOURCE_KINDS) + "."))
    reliability = fields.Float(allow_none=True, load_default=None, validate=validate.Range(0, 1),
                               allow_nan=False, metadata={"description": "0..1; null = the neutral default"})

    @validates_schema(skip_on_field_errors=True)
    def check_names_fold(self, data, **kwargs):
        """Every name is matched by its folded key; one that folds to "" would match nothing."""
        errors = {}
        for field in ("id", "name"):
            if field in data and not normalise_name(data[field]):
                errors[field] = ["Must contain a letter or digit."]
        empty = {i: ["Must contain a letter or digit."]
                 for i, alias in enumerate(data.get("aliases") or ()) if not normalise_name(alias)}
        if empty:
            errors["aliases"] = empty
        if errors:
            raise ValidationError(errors)


class SourceUpdateSchema(SourceSchema):
    """The body of PUT /v1/sources/<id>: the id comes from the path, so the body may omit it."""

    id = fields.String(validate=_SOURCE_ID, metadata={"description": "optional; if given, equals the path's id"})


class SourcePageSchema(Schema):
    items = fields.List(fields.Nested(SourceSchema), required=True)
    total = fields.Integer(required=True)
    offset = fields.Integer(required=True)
    limit = fields.Integer(required=True)
    next = fields.String(allow_none=True, required=True, metadata={"description": "URL of the next page"})


class SourceReference(fields.Field):
    """A source id, or a source object {id, name?, affiliations?, reliability?}."""

    default_error_messages = {"invalid": "Must be a source id or an object with an id."}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = value.strip()
            _SOURCE_ID(value)
            return value
        if isinstance(value, dict):
            loaded = SourceObjectSchema().load(value)
            loaded["id"] = loaded["id"].strip()
            return loaded
        raise self.make_error("invalid")

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class EvidenceSchema(Schema):
    class Meta:
        unknown = RAISE

    source = SourceReference(required=True)
    stance = fields.String(
        validate=validate.OneOf(STANCES, error="Must be one of confirms, denies, neutral."),
        metadata={"description": "omit it to have the worker infer it from `quote`"},
    )
    quote = fields.String(validate=validate.Length(max=QUOTE_CHARS))
    url = fields.Url(validate=validate.Length(max=2_000))
    published_at = fields.AwareDateTime(format="iso")
    cites = fields.List(fields.String(validate=_SOURCE_ID), validate=validate.Length(max=MAX_CITES))

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def stance_or_quote(self, data, original, **kwargs):
        if not isinstance(original, dict):
            return  # marshmallow has already said this item must be an object
        if "stance" not in original and not (data.get("quote") or "").strip():
            raise ValidationError("Give a stance, or a quote to infer it from.", "stance")


class DocumentSchema(Schema):
    """An article: who published it, and its text."""

    class Meta:
        unknown = RAISE

    source = SourceReference(required=True)
    url = fields.Url(validate=validate.Length(max=2_000))
    published_at = fields.AwareDateTime(format="iso")
    text = fields.String(required=True)

    def __init__(self, *args, max_document_chars: int = 200_000, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_document_chars = max_document_chars

    @validates_schema(skip_on_field_errors=False)
    def check_text(self, data, **kwargs):
        text = data.get("text")
        if text is None:
            return
        if not text.strip():
            raise ValidationError("Must not be empty.", "text")
        if len(text) > self.max_document_chars:
            raise ValidationError(f"Must be at most {self.max_document_chars} characters.", "text")
        if looks_binary(text):
            raise ValidationError("Looks like binary data, not text.", "text")


def looks_binary(text: str) -> bool:
    """NUL bytes, or a large share of control and replacement characters."""
    if "\x00" in text:
        return True
    sample = text[:20_000]
    odd = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t") or ch == "\ufffd")
    return odd > 0.1 * len(sample)


class ArticleSchema(Schema):
    """One article to read for attributions: its text only."""

    class Meta:
        unknown = RAISE

    text = fields.String(required=True)

    def __init__(self, *args, max_document_chars: int = 200_000, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_document_chars = max_document_chars

    @validates_schema(skip_on_field_errors=False)
    def check_text(self, data, **kwargs):
        DocumentSchema.check_text(self, data, **kwargs)


class SpanSchema(Schema):
    text = fields.String(required=True)
    start = fields.Integer(required=True, metadata={"description": "character offset into the text"})
    end = fields.Integer(required=True, metadata={"description": "character offset just past the span"})


class AttributionSchema(Schema):
    source = fields.Nested(SpanSchema, required=True, allow_none=True,
                           metadata={"description": "who is quoted, as written; null when unnamed"})
    cue = fields.Nested(SpanSchema, required=True, metadata={"description": "the words that attribute"})
    content = fields.Nested(SpanSchema, required=True, metadata={"description": "what is attributed"})
    speaker = fields.String(required=True, allow_none=True,
                            metadata={"description": "the actor the source refers to (\"she\" -> the name)"})


class AttributionsSchema(Schema):
    attributions = fields.List(fields.Nested(AttributionSchema), required=True,
                               metadata={"description": "every attribution in the text, in text order"})


class StatementSchema(Schema):
    class Meta:
        unknown = RAISE

    text = fields.String(required=True)
    evidence = fields.List(fields.Nested(EvidenceSchema), load_default=list)
    documents = fields.Method(
        deserialize="load_documents", serialize="dump_documents",
        metadata={"description": "articles to read evidence from", "type": "array",
                  "items": {"$ref": "#/components/schemas/Document"}},
    )

    def __init__(self, *args, max_text_chars: int = 2000, max_evidence: int = 10_000,
                 max_documents: int = 50, max_document_chars: int = 200_000,
                 max_statement_chars: int | None = None, max_quotes: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_statement_chars, self.max_quotes = max_statement_chars, max_quotes
        self.max_text_chars = max_text_chars
        self.max_evidence = max_evidence
        self.max_documents = max_documents
        self.documents = DocumentSchema(many=True, max_document_chars=max_document_chars)

    def load_documents(self, value):
        if not isinstance(value, list):
            raise ValidationError("Not a valid list.")
        if len(value) > self.max_documents:
            raise ValidationError(f"Must hold at most {self.max_documents} documents.")
        return self.documents.load(value)

    def dump_documents(self, statement):
        return self.documents.dump(statement["documents"]) if "documents" in statement else None

    @post_dump
    def drop_absent_documents(self, data, **kwargs):
        if data.get("documents") is None:
            data.pop("documents", None)
        return data

    @validates_schema(skip_on_field_errors=False)
    def check_limits(self, data, **kwargs):
        # A missing text has marshmallow's "Missing data" already: one error for the field.
        text = data.get("text")
        if text is not None and not text.strip():
            raise ValidationError("Must not be empty.", "text")
        if text is not None and len(text) > self.max_text_chars:
            raise ValidationError(f"Must be at most {self.max_text_chars} characters.", "text")
        if len(data.get("evidence", ())) > self.max_evidence:
            raise ValidationError(f"Must hold at most {self.max_evidence} items.", "evidence")
        characters, quotes = reading_cost(data)
        if self.max_quotes is not None and quotes > self.max_quotes:
            raise ValidationError(f"Holds {quotes} quotes without a stance; at most {self.max_quotes} "
                                  "may be inferred per statement.", "evidence")
        if self.max_statement_chars is not None and characters > self.max_statement_chars:
            raise ValidationError(
                f"The text, quotes and documents hold {characters} characters; at most "
                f"{self.max_statement_chars} may be read per statement.",
                "documents" if data.get("documents") else "evidence")


_PLAIN_STATEMENT_FIELDS = frozenset(("text", "evidence"))
_PLAIN_EVIDENCE_FIELDS = frozenset(("source", "stance", "quote", "cites"))


def plain_statement(raw, schema: StatementSchema) -> dict | None:
    """`schema.dump(schema.load(raw))` for the common statement (text, and evidence items of a
    source id, a stance and/or a quote, and cites), several times faster; None for anything
    else, valid or not, which marshmallow then loads (and words the errors of).

    It accepts only what the schema accepts and returns what it returns, keys in the schema's
    order: tests/service/test_plain_statement.py checks that against marshmallow.
    """
    if type(raw) is not dict or not raw.keys() <= _PLAIN_STATEMENT_FIELDS:
        return None
    text = raw.get("text")
    evidence = raw.get("evidence", [])
    if (type(text) is not str or not text.strip() or len(text) > schema.max_text_chars
            or type(evidence) is not list or len(evidence) > schema.max_evidence):
        return None
    characters, quotes, items = len(text), 0, []
    for item in evidence:
        if type(item) is not dict or not item.keys() <= _PLAIN_EVIDENCE_FIELDS:
            return None
        source = item.get("source")
        if type(source) is not str:
            return None
        source = source.strip()
        if not 0 < len(source) <= SOURCE_ID_CHARS:
            return None
        loaded = {"source": source}
        if "stance" in item:
            stance = item["stance"]
            if type(stance) is not str or stance not in STANCES:
                return None
            loaded["stance"] = stance
        if "quote" in item:
            quote = item["quote"]
            if type(quote) is not str or len(quote) > QUOTE_CHARS:
                return None
            loaded["quote"] = quote
            characters += len(quote)
            if "stance" not in item:
                if not quote.strip():
                    return None
                quotes += 1
        elif "stance" not in item:
            return None
        if "cites" in item:
            cites = item["cites"]
            if type(cites) is not list or len(cites) > MAX_CITES:
                return None
            for cited in cites:
                if type(cited) is not str or not 0 < len(cited) <= SOURCE_ID_CHARS:
                    return None
            loaded["cites"] = list(cites)
        items.append(loaded)
    if ((schema.max_quotes is not None and quotes > schema.max_quotes)
            or (schema.max_statement_chars is not None and characters > schema.max_statement_chars)):
        return None
    return {"text": text, "evidence": items}


class BatchSchema(Schema):
    class Meta:
        unknown = RAISE

    statements = fields.List(fields.Dict(), required=True)

    def __init__(self, *args, max_batch: int = 1000, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_batch = max_batch

    @validates_schema
    def check_size(self, data, **kwargs):
        count = len(data.get("statements", ()))
        if count == 0:
            raise ValidationError("Must hold at least one statement.", "statements")
        if count > self.max_batch:
            raise ValidationError(f"Must hold at most {self.max_batch} statements.", "statements")


# ---- responses -----------------------------------------------------------------------------------


class CountsSchema(Schema):
    confirming = fields.Integer(required=True, metadata={"description": "independent clusters that confirm"})
    denying = fields.Integer(required=True, metadata={"description": "independent clusters that deny"})
    neutral = fields.Integer(required=True, metadata={"description": "independent clusters taking no side"})
    independent = fields.Integer(required=True, metadata={"description": "all independent clusters"})
    reports = fields.Integer(required=True, metadata={"description": "evidence items given"})
    unattributed = fields.Integer(required=True, metadata={
        "description": "the cluster of unattributed reports (0 or 1), counted apart from confirming, denying and neutral"})


class ClusterSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    id = fields.String(required=True)
    sources = fields.List(fields.String(), required=True)
    stance = fields.String(required=True, validate=validate.OneOf(STANCES))
    weight = fields.Float(required=True, metadata={"description": "reliability after discounts"})
    reasons = fields.List(fields.String(), required=True)
    interested = fields.Boolean(metadata={"description": "holds a party the statement is about"})
    anonymous = fields.Boolean(metadata={"description": "unattributed reports only"})


class EvidenceResultSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    index = fields.Integer(required=True, allow_none=True,
                           metadata={"description": "position in the request; null when read from a document"})
    source = fields.String(required=True)
    stance = fields.String(required=True, validate=validate.OneOf(STANCES))
    cluster = fields.String(required=True)
    duplicate_of = fields.Integer(allow_none=True,
                                  metadata={"description": "index of the identical report counted instead"})
    stance_inferred = fields.Boolean(metadata={"description": "the stance was read from text"})
    confidence = fields.Float(metadata={"description": "confidence of an inferred stance, 0..1"})
    cue = fields.String(metadata={"description": "the words the stance was read from"})
    via = fields.Dict(metadata={"description": "{document, source}: the article it was read from"})
    quote = fields.String(allow_none=True, metadata={"description": "the sentence it was read from"})
    source_span = fields.Nested(SpanSchema, allow_none=True,
                                metadata={"description": "the words naming the source, in the document"})
    cue_span = fields.Nested(SpanSchema, metadata={"description": "the attributing words, in the document"})
    content_span = fields.Nested(SpanSchema, metadata={"description": "the attributed words, in the document"})
    document_id = fields.String(metadata={"description": "the evidence store's id of the document"})
    url = fields.String(metadata={"description": "the document's URL"})
    published_at = fields.String(metadata={"description": "when the document was published"})


class DocumentResultSchema(Schema):
    index = fields.Integer(required=True)
    source = fields.String(required=True)
    stance = fields.String(required=True, validate=validate.OneOf((*STANCES, "unrelated")),
                           metadata={"description": "the article's own stance (unrelated: takes no side)"})
    confidence = fields.Float(required=True)
    attributed_sources = fields.Integer(required=True)
    counted_as_source = fields.Boolean(required=True,
                                       metadata={"description": "the publisher counted on its own account"})


class ResultSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    statement_id = fields.String(required=True)
    text = fields.String(required=True)
    score = fields.Float(required=True, metadata={"description": "posterior mean, 0..1"})
    interval = fields.List(fields.Float(), required=True, metadata={"description": "90% credible interval"})
    verdict = fields.String(required=True, validate=validate.OneOf(VERDICTS))
    counts = fields.Nested(CountsSchema, required=True)
    clusters = fields.List(fields.Nested(ClusterSchema), required=True)
    evidence = fields.List(fields.Nested(EvidenceResultSchema), required=True)
    documents = fields.List(fields.Nested(DocumentResultSchema))
    explanation = fields.String(required=True)
    scorer_version = fields.String(required=True)
    computed_at = fields.String(required=True)


class SubmissionSchema(Schema):
    statement_id = fields.String(required=True)
    job_id = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, validate=validate.OneOf(JOB_STATES))
    cached = fields.Boolean()
    result = fields.Nested(ResultSchema)


class BatchSubmissionItemSchema(Schema):
    statement_id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(("queued", "succeeded")))
    cached = fields.Boolean(metadata={"description": "answered from the cache: result is here"})
    result = fields.Nested(ResultSchema)


class BatchSubmissionSchema(Schema):
    batch_id = fields.String(required=True, metadata={"description": "poll it at /v1/batches/{batch_id}"})
    total = fields.Integer(required=True)
    items = fields.List(fields.Nested(BatchSubmissionItemSchema), required=True,
                        metadata={"description": "one entry per statement, in input order"})


class BatchItemSchema(Schema):
    statement_id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(("queued", "succeeded", "failed", "canceled")))
    error = fields.String(metadata={"description": "why this statement failed"})
    result = fields.Nested(ResultSchema, metadata={"description": "when it succeeded and is still fresh"})


class BatchProgressSchema(Schema):
    batch_id = fields.String(required=True)
    total = fields.Integer(required=True)
    succeeded = fields.Integer(required=True)
    failed = fields.Integer(required=True)
    pending = fields.Integer(required=True)
    canceled = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    items = fields.List(fields.Nested(BatchItemSchema), required=True,
                        metadata={"description": "this page of the batch's statements, in input order"})


class SavedScoringSchema(Schema):
    computed_at = fields.String(required=True)
    scorer_version = fields.String(required=True)
    cause = fields.String(required=True, metadata={"description": "why it was scored: submitted, a document was "
                                                                   "stored, the source registry changed, ..."})
    result = fields.Nested(ResultSchema, required=True)


class StatementHistorySchema(Schema):
    statement_id = fields.String(required=True)
    items = fields.List(fields.Nested(SavedScoringSchema), required=True, metadata={"description": "newest first"})


class JobErrorSchema(Schema):
    title = fields.String(required=True)
    detail = fields.String()


class JobSchema(Schema):
    job_id = fields.String(required=True)
    statement_id = fields.String(metadata={"description": "for a scoring job"})
    document_id = fields.String(metadata={"description": "for a job storing a document"})
    status = fields.String(required=True, validate=validate.OneOf(JOB_STATES))
    result = fields.Dict(metadata={"description": "a Result for a scoring job; a StoredDocument otherwise"})
    error = fields.Nested(JobErrorSchema)


class DocumentSubmissionSchema(Schema):
    document_id = fields.String(required=True)
    job_id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(JOB_STATES))


class StoredDocumentSchema(Schema):
    document_id = fields.String(required=True)
    source = fields.Raw(required=True)
    url = fields.String()
    published_at = fields.String()
    characters = fields.Integer(required=True)
    sentences = fields.Integer(required=True)
    stored_at = fields.String(required=True)


class DocumentPageSchema(Schema):
    items = fields.List(fields.Nested(StoredDocumentSchema), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True, metadata={"description": "documents in the workspace; with q, those "
                                                                   "that matched (at most 2,000 are ranked)"})


class FieldErrorSchema(Schema):
    field = fields.String(required=True, metadata={"description": "e.g. evidence[3].stance"})
    message = fields.String(required=True)


class ProblemSchema(Schema):
    """RFC 9457 problem details."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    instance = fields.String()
    errors = fields.List(fields.Nested(FieldErrorSchema))


class HealthSchema(Schema):
    status = fields.String(required=True)


# ---- access control: keys and the audit log -----------------------------------------------------

ROLE_NAMES = ("reader", "analyst", "editor", "admin")


class KeyRequestSchema(Schema):
    """A new key in the caller's own workspace."""

    class Meta:
        unknown = RAISE

    role = fields.String(required=True, validate=validate.OneOf(
        ROLE_NAMES, error="Must be one of " + ", ".join(ROLE_NAMES) + "."))
    label = fields.String(load_default="", validate=validate.Length(max=200))


class ApiKeySchema(Schema):
    id = fields.String(required=True)
    workspace = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLE_NAMES))
    label = fields.String(required=True)
    created_at = fields.String(required=True)
    revoked_at = fields.String(allow_none=True, required=True)


class NewApiKeySchema(ApiKeySchema):
    secret = fields.String(required=True, metadata={"description": "the key itself; shown only this once"})


class ApiKeyListSchema(Schema):
    items = fields.List(fields.Nested(ApiKeySchema), required=True)


class AuditEntrySchema(Schema):
    id = fields.String(required=True, metadata={"description": "entry id; pass it as `before` for older entries"})
    at = fields.String(required=True)
    key_id = fields.String(allow_none=True, required=True, metadata={"description": "null when auth is off"})
    role = fields.String(required=True)
    action = fields.String(required=True, metadata={"description": "e.g. source.put, document.delete, key.create"})
    target = fields.String(required=True)
    before = fields.Raw(allow_none=True, required=True)
    after = fields.Raw(allow_none=True, required=True)


class AuditPageSchema(Schema):
    items = fields.List(fields.Nested(AuditEntrySchema), required=True)
    next = fields.String(allow_none=True, required=True, metadata={"description": "URL of older entries"})
