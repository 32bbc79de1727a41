from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One searchable record as the index holds it: what the result list shows (title, text for
    the snippet, url), what filters read (kind, committee, year) and the segmented tokens the
    database's full-text index is built over (SQLite: the FTS5 table `search_fts`; PostgreSQL: the
    generated tsvector column `tsv` with a GIN index; see migrations/0002 and docs/search.md).
    Written only by lvzhi.search.services; `digest` is a hash of the source text, for the drift
    check."""

    kind = models.CharField(_("类别"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("记录"))
    committee_id = models.IntegerField(_("委员会"), null=True, blank=True)
    year = models.SmallIntegerField(_("年度"), null=True, blank=True)
    date = models.DateField(_("日期"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=300)
    extra = models.CharField(_("编号"), max_length=300, blank=True)
    body = models.TextField(_("正文"), blank=True)
    url = models.CharField(_("链接"), max_length=300)
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    # the kind, committee and year as tokens ("kproposalsproposal c12 y2025"): the SQLite index's
    # third column, so the filters are part of the full-text match (backends.tags)
    tags = models.CharField(max_length=80, blank=True)
    digest = models.CharField(max_length=40)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_record")]
        indexes = [
            models.Index(fields=["committee_id", "kind"]),
            models.Index(fields=["year"]),
            # PostgreSQL walks a kind's newest entries along it (backends.PostgresBackend.candidates)
            models.Index(fields=["kind", "id"], name="search_entry_kind_newest"),
        ]
        verbose_name = _("检索条目")
        verbose_name_plural = _("检索条目")

    def __str__(self):
        return f"{self.kind}:{self.object_id} {self.title}"
