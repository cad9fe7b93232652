"""Every marshmallow schema of the wire format, in one place.

The same schemas validate requests, shape responses and generate /openapi.json.
"""

from __future__ import annotations

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate, validates_schema

STANCES = ("confirms", "denies", "neutral")
SOURCE_KINDS = ("outlet", "government", "official", "person", "agency", "anonymous", "other")
JOB_STATES = ("queued", "running", "succeeded", "failed", "canceled")
VERDICTS = ("corroborated", "contested", "refuted", "unverified")

_SOURCE_ID = validate.Length(min=1, max=200)


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
        required=True,
        validate=validate.OneOf(STANCES, error="Must be one of confirms, denies, neutral."),
    )
    quote = fields.String(validate=validate.Length(max=10_000))
    url = fields.Url(validate=validate.Length(max=2_000))
    published_at = fields.AwareDateTime(format="iso")
    cites = fields.List(fields.String(validate=_SOURCE_ID), validate=validate.Length(max=50))


class StatementSchema(Schema):
    class Meta:
        unknown = RAISE

    text = fields.String(required=True)
    evidence = fields.List(fields.Nested(EvidenceSchema), load_default=list)

    def __init__(self, *args, max_text_chars: int = 2000, max_evidence: int = 10_000, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_text_chars = max_text_chars
        self.max_evidence = max_evidence

    @validates_schema(skip_on_field_errors=False)
    def check_limits(self, data, **kwargs):
        text = data.get("text", "")
        if not text.strip():
            raise ValidationError("Must not be empty.", "text")
        if len(text) > self.max_text_chars:
            raise ValidationError(f"Must be at most {self.max_text_chars} characters.", "text")
        if len(data.get("evidence", ())) > self.max_evidence:
            raise ValidationError(f"Must hold at most {self.max_evidence} items.", "evidence")


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

    index = fields.Integer(required=True, metadata={"description": "position in the request"})
    source = fields.String(required=True)
    stance = fields.String(required=True, validate=validate.OneOf(STANCES))
    cluster = fields.String(required=True)
    duplicate_of = fields.Integer(metadata={"description": "index of the identical report counted instead"})


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
    explanation = fields.String(required=True)
    scorer_version = fields.String(required=True)
    computed_at = fields.String(required=True)


class SubmissionSchema(Schema):
    statement_id = fields.String(required=True)
    job_id = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, validate=validate.OneOf(JOB_STATES))
    cached = fields.Boolean()
    result = fields.Nested(ResultSchema)


class BatchSubmissionSchema(Schema):
    items = fields.List(fields.Nested(SubmissionSchema), required=True)


class JobErrorSchema(Schema):
    title = fields.String(required=True)
    detail = fields.String()


class JobSchema(Schema):
    job_id = fields.String(required=True)
    statement_id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(JOB_STATES))
    result = fields.Nested(ResultSchema)
    error = fields.Nested(JobErrorSchema)


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
