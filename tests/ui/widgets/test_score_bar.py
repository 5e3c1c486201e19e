"""The walk-through's progress line counts in words: '1 failed item lacks', never '(s)'."""

from clinic_audit.ui.widgets.score_bar import progress_line


def test_the_progress_line_says_its_counts_in_words(app_ctx, sample_audit):
    text = progress_line(app_ctx.summary(sample_audit))
    assert "(s)" not in text
    assert "· 6 findings (1 critical)" in text
    assert text.endswith("· 1 failed item lacks a note or photo")
