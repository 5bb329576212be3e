"""The logit choice: its shortcuts give what the general softmax and pick give, bit for bit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from diplomesa.choice import Option, choose, logit_probabilities, picked

utility = st.floats(min_value=-500, max_value=500, allow_nan=False)
terms = st.dictionaries(st.sampled_from("abcd"), utility, max_size=3)


@given(
    st.lists(terms, min_size=1, max_size=5),
    st.floats(min_value=0, max_value=5),
    st.floats(min_value=0, max_value=1, exclude_max=True),
)
def test_choose_is_the_softmax_and_its_pick(option_terms, precision, u):
    """The one- and two-option paths of ``choose`` skip the lists, not the arithmetic: the
    probabilities and the pick are those of ``logit_probabilities`` and ``picked``, exactly
    (a run's golden record depends on every bit)."""
    options = [Option(f"o{i}", dict(t)) for i, t in enumerate(option_terms)]
    decision = choose(options, precision, u, 3, "me", "problem")
    expected = logit_probabilities([sum(o.terms.values()) for o in options], precision)
    if len(options) == 1:
        expected = (1.0,)  # one option is chosen with certainty, however it scores
    assert decision.probabilities == expected
    assert decision.chosen == options[picked(expected, u)].name
    assert decision.options == tuple(options) and decision.draw == u


def test_two_options_tie_and_extremes():
    """Equal utilities split evenly; a utility gap far beyond the float range picks one."""
    even = choose([Option("a", {"t": 1.0}), Option("b", {"t": 1.0})], 1.0, 0.49, 1, "me", "p")
    assert even.probabilities == (0.5, 0.5) and even.chosen == "a"
    assert choose([Option("a"), Option("b", {"t": 1.0})], 1.0, 0.5, 1, "me", "p").chosen == "b"
    sure = choose([Option("a", {"t": -1e6}), Option("b")], 1.0, 0.999999, 1, "me", "p")
    assert sure.probabilities == (0.0, 1.0) and sure.chosen == "b"
