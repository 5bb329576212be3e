"""One test class per rule (R01–R28): each fails if its rule is removed or inverted.

Every class checks the rule's unit (direction of its effect, from its own parameters)
and its effect in the model: switching the rule off (``R.._enabled=False``) in a seeded
ensemble of 40 runs moves the outcome it governs. Tolerances are stated where a share
or a mean is compared.
"""

from __future__ import annotations

import pytest
from conftest import count_kind, ensemble, mean, share

from diplomesa import DiplomacyModel
from diplomesa.behaviour import russia_accept_terms
from diplomesa.rules import REGISTRY, catalogue


def rule(rule_id: str, **values):
    """A rule instance with the baseline's parameters (overridable)."""
    from diplomesa.scenario import load

    params = load().rule_values(rule_id)
    params.update(values)
    return REGISTRY[rule_id](**params)


def off(rule_id: str, **more):
    return ensemble(**{f"{rule_id}_enabled": False, **more})


class TestCatalogue:
    def test_every_rule_is_cited_and_parameterised(self):
        ids = [r.id for r in catalogue()]
        assert ids == [f"R{i:02d}" for i in range(1, 29)]
        for r in catalogue():
            assert r.lines and all(1 <= n <= 32 for n in r.lines), r.id
            assert len(r.quote) > 20 and r.summary(), r.id
            for name, p in r.params.items():
                assert p.low < p.high and p.unit, (r.id, name)

    def test_quotes_are_from_the_article(self):
        from pathlib import Path

        article = Path(__file__).resolve().parents[2] / "shared" / "article.txt"
        if not article.exists():
            pytest.skip("shared/article.txt is not beside this checkout")
        text = article.read_text(encoding="utf-8").replace("’", "'").replace("“", '"')
        for r in catalogue():
            for fragment in r.quote.split(" ... "):
                assert fragment.strip().strip('"') in text, r.id


class TestR01DemandCeasefire:
    def test_repeat_within_window_costs(self):
        r = rule("R01")
        assert sum(r.terms(2).values()) < sum(r.terms(None).values())
        assert sum(r.terms(r.p.repeat_window + 1).values()) == sum(r.terms(None).values())

    def test_repeat_is_no_new_evidence(self):
        r = rule("R01")
        assert r.is_repeat(1) and not r.is_repeat(None) and not r.is_repeat(r.p.repeat_window)

    def test_without_demand_nothing_is_accepted(self, baseline):
        assert share(m.world.ukraine_accepted_day for m in baseline) > 0.9
        assert share(m.world.ukraine_accepted_day for m in off("R01")) == 0


class TestR02Coaching:
    def test_coaching_pays_when_trust_is_low(self):
        r = rule("R02")
        assert sum(r.terms(0.1).values()) > 0 > sum(r.terms(0.9).values())
        assert r.coached(0.2) > 0.2

    def test_without_coaching_ukraine_accepts_later(self, baseline):
        days = [m.world.ukraine_accepted_day or 91 for m in off("R02")]
        assert mean(days) > mean(m.world.ukraine_accepted_day or 91 for m in baseline) + 2


class TestR03UkraineAccepts:
    def test_readiness_raises_acceptance(self):
        r = rule("R03")
        assert sum(r.terms(0.9).values()) > sum(r.terms(0.1).values())

    def test_switched_off_ukraine_rarely_accepts(self, baseline):
        assert share(m.world.ukraine_accepted_day for m in off("R03")) < 0.2


class TestR04Relay:
    def test_relayed_evidence_weighs_more(self):
        r = rule("R04")
        assert r.weighted(1.5) > 1.5
        assert rule("R04", enabled=False).weighted(1.5) == 1.5

    def test_relay_raises_trust_in_ukraine(self, baseline):
        assert count_kind(off("R04"), "RELAY_ACCEPTANCE") == 0
        base = mean(m.mediator.trust[m.ukraine.key] for m in baseline)
        assert mean(m.mediator.trust[m.ukraine.key] for m in off("R04")) < base - 0.05


class TestR05Ultimatum:
    def test_acceptance_makes_refusal_telling(self):
        r = rule("R05")
        before = sum(r.member_terms(r.informativeness(False), 0.8, 0.8).values())
        after = sum(r.member_terms(r.informativeness(True), 0.8, 0.8).values())
        assert after > before
        assert sum(r.member_terms(1.0, 0.9, 0.9).values()) > sum(
            r.member_terms(1.0, 0.3, 0.3).values()
        )

    def test_no_ultimatum_no_early_proposal(self, baseline):
        assert all(m.world.ultimatum_day is None for m in off("R05"))
        base = mean(m.world.talks_proposed_day or 91 for m in baseline)
        assert mean(m.world.talks_proposed_day or 91 for m in off("R05")) > base + 5


class TestR06Unanimity:
    def test_least_willing_member_binds(self):
        assert rule("R06").combine([0.3, 0.8, 0.9]) == 0.3
        assert rule("R06", enabled=False).combine([0.3, 0.8, 0.9]) == pytest.approx(2 / 3)

    def test_without_unanimity_the_ultimatum_need_not_wait_for_germany(self, baseline):
        early = share((m.world.ultimatum_day or 99) < 6 for m in off("R06"))
        assert early > share((m.world.ultimatum_day or 99) < 6 for m in baseline) + 0.1


class TestR07CheapestExculpation:
    def test_pressure_makes_proposing_worthwhile(self):
        r = rule("R07")
        assert sum(r.propose_terms(0.9).values()) > 0 > sum(r.propose_terms(0.0).values())

    def test_without_it_russia_never_proposes(self, baseline):
        assert share(m.world.talks_proposed_day for m in baseline) > 0.9
        assert all(m.world.talks_proposed_day is None for m in off("R07"))


class TestR08DelegationRank:
    def test_junior_cannot_agree_and_binding_costs_with_delay(self):
        r = rule("R08")
        assert not r.mandate_allows_ceasefire("junior") and r.mandate_allows_ceasefire("senior")
        assert sum(r.terms("leader", 8.0).values()) < sum(r.terms("junior", 8.0).values())
        assert sum(r.terms("leader", 0.0).values()) > sum(r.terms("junior", 0.0).values())

    def test_without_it_the_rank_is_a_coin_toss(self, baseline):
        assert share(m.world.talks_level == "junior" for m in baseline) > 0.9
        assert share(m.world.talks_level == "junior" for m in off("R08")) < 0.6


class TestR09DelayValue:
    def test_delay_worth_more_when_advancing(self):
        r = rule("R09")
        assert r.value(0.8) > r.value(0.2) > r.value(0.0) == 0

    def test_without_it_russia_accepts_sooner(self, baseline):
        base = mean(m.world.ceasefire_day or 91 for m in baseline)
        assert mean(m.world.ceasefire_day or 91 for m in off("R09")) < base - 10


class TestR10RefitCost:
    def test_cost_scales_with_refit_rate(self):
        assert rule("R10", refit_rate=0.9).cost() > rule("R10", refit_rate=0.1).cost() > 0

    def test_truce_utility_counts_refit(self):
        on = russia_accept_terms(DiplomacyModel(rng=0))
        gone = russia_accept_terms(DiplomacyModel(rng=0, R10_enabled=False))
        assert on["R10 truce lets Ukraine refit"] < 0 == gone["R10 truce lets Ukraine refit"]
        assert sum(gone.values()) > sum(on.values())


class TestR11Irritation:
    def test_refusals_irritate_and_irritation_decays(self):
        r = rule("R11")
        assert r.after_refusal(0.1) > 0.1 and r.decayed(0.5) < 0.5

    def test_without_it_irritation_only_decays(self, baseline):
        assert all(m.outcome()["irritation_end"] < 0.1 for m in off("R11"))
        assert mean(m.outcome()["irritation_end"] for m in baseline) > 0.2


class TestR12DomesticPressure:
    def test_intransigence_raises_pressure(self):
        r = rule("R12")
        assert r.after_refusal(0.1) > 0.1 and r.drifted(0.1, 0.5) > 0.1

    def test_without_it_pressure_grows_less(self, baseline):
        base = mean(m.mediator.domestic_pressure for m in baseline)
        assert mean(m.mediator.domestic_pressure for m in off("R12")) < base - 0.1


class TestR13Lobbying:
    def test_lobbying_pays_when_mediator_is_irritated(self):
        r = rule("R13")
        assert sum(r.terms(0.9).values()) > 0 > sum(r.terms(0.1).values())
        assert r.pressured(0.2) > 0.2

    def test_without_it_no_lobbying(self, baseline):
        assert (
            count_kind(baseline, "LOBBY_SANCTIONS") > 0 == count_kind(off("R13"), "LOBBY_SANCTIONS")
        )
        base = mean(m.mediator.domestic_pressure for m in baseline)
        assert mean(m.mediator.domestic_pressure for m in off("R13")) < base


class TestR14AttendIfLeaderAttends:
    def test_absent_leader_keeps_mediator_away(self):
        r = rule("R14")
        assert sum(r.terms(False, False).values()) < 0 < sum(r.terms(True, False).values())
        assert sum(r.terms(False, True).values()) > sum(r.terms(False, False).values())

    def test_without_it_mediator_attends(self, baseline):
        assert share(m.world.mediator_attended for m in baseline) < 0.1
        assert share(m.world.mediator_attended for m in off("R14")) > 0.5


class TestR15Disrespect:
    def test_junior_delegation_costs_trust(self):
        r = rule("R15")
        assert r.trust_after(0.5, "junior") < r.trust_after(0.5, "senior") < 0.5
        assert r.trust_after(0.5, "leader") == 0.5

    def test_without_it_trust_in_russia_ends_higher(self, baseline):
        def trust(m):
            return m.mediator.trust[m.russia.key]

        assert mean(trust(m) for m in off("R15")) > mean(trust(m) for m in baseline) + 0.05


class TestR16LeadersOnly:
    def test_leaders_meeting_adds_value(self):
        r = rule("R16")
        assert sum(r.agreement_terms(True, True).values()) > sum(
            r.agreement_terms(False, False).values()
        )
        assert (
            sum(r.complain_terms("junior").values()) > 0 > sum(r.complain_terms("leader").values())
        )

    def test_breakthrough_needs_the_leaders(self):
        pinned = {"actors__putin__delegation_rank": "leader"}
        on = ensemble(**pinned)
        gone = ensemble(R16_enabled=False, **pinned)

        def at_talks(m):
            return m.world.ceasefire_day is not None and m.world.ceasefire_day == m.world.talks_day

        assert share(at_talks(m) for m in on) > share(at_talks(m) for m in gone) + 0.2


class TestR17OfferAndAccuse:
    def test_accusation_moves_trust_by_trust_in_accuser(self):
        r = rule("R17")
        assert r.trust_after_accusation(0.5, 0.9) < r.trust_after_accusation(0.5, 0.1) < 0.5
        assert sum(r.accuse_terms(3).values()) > sum(r.accuse_terms(0).values())

    def test_without_it_no_accusations(self, baseline):
        assert count_kind(baseline, "ACCUSE") > 0 == count_kind(off("R17"), "ACCUSE")


class TestR18BlameUpdate:
    def test_bayes_with_internalization(self):
        r = rule("R18")
        assert r.update(0.5, 2.0, 1.0) == pytest.approx(2 / 3)
        assert 0.5 < r.update(0.5, 2.0, 0.5) < 2 / 3
        assert r.update(0.5, 2.0, 0.0) == pytest.approx(0.5)
        assert r.update(0.5, 0.5, 1.0) < 0.5

    def test_without_it_blame_never_moves(self, baseline):
        assert all(m.mediator.blame == 0.5 for m in off("R18"))
        assert mean(m.mediator.blame for m in baseline) > 0.7


class TestR19ThirdPartyBacking:
    def test_backing_strengthens_refusal_evidence(self):
        assert rule("R19").refusal_exponent(2) > rule("R19").refusal_exponent(0) == 1.0

    def test_without_it_no_backing(self, baseline):
        assert count_kind(baseline, "BACK_OFFER") > 0 == count_kind(off("R19"), "BACK_OFFER")


class TestR20PartyOfPeace:
    def test_contrast_raises_trust(self):
        assert rule("R20").trust_after(0.5) > 0.5

    def test_without_it_trust_in_coalition_ends_lower(self, baseline):
        def trust(m):
            return m.outcome()["trust_end"][f"{m.mediator.key}->coalition"]

        assert mean(trust(m) for m in off("R20")) < mean(trust(m) for m in baseline) - 0.05


class TestR21EuPackages:
    def test_lapsed_ultimatum_multiplies_the_rate(self):
        r = rule("R21")
        assert sum(r.draft_terms(True).values()) > sum(r.draft_terms(False).values())
        assert r.credibility_after_bluff(0.8) < 0.8

    def test_without_it_no_packages(self, baseline):
        assert share(m.world.eu_package_drafted_day for m in baseline) > 0.9
        assert all(m.world.eu_package_drafted_day is None for m in off("R21"))


class TestR22EnergySanctions:
    def test_threshold_and_belief(self):
        r = rule("R22")
        assert r.crosses(0.9, 0.8) and not r.crosses(0.7, 0.8)
        assert r.expected_probability(0.9) > r.expected_probability(0.5)
        assert r.draw_threshold(0.0) == r.p.threshold_mean

    def test_without_it_no_us_sanctions(self, baseline):
        assert share(m.world.us_energy_sanctions_day for m in baseline) > 0.2
        assert all(m.world.us_energy_sanctions_day is None for m in off("R22"))


class TestR23LowStartingTrust:
    def test_condition_sets_the_start(self):
        m = DiplomacyModel(rng=0)
        assert m.mediator.trust[m.ukraine.key] == rule("R23").p.initial_trust
        m2 = DiplomacyModel(rng=0, R23_enabled=False)
        assert m2.mediator.trust[m2.ukraine.key] > m.mediator.trust[m.ukraine.key]

    def test_without_it_coaching_is_rarer(self, baseline):
        assert count_kind(off("R23"), "COACH") < count_kind(baseline, "COACH") * 0.8


class TestR24Precedent2022:
    def test_junior_is_worse_evidence_than_senior(self):
        r = rule("R24")
        assert r.likelihood_ratio("junior") > r.likelihood_ratio("senior") > 1
        assert r.likelihood_ratio("leader") == 1

    def test_without_it_blame_after_talks_is_lower(self, baseline):
        def blame_after_talks(m):
            df = m.datacollector.get_model_vars_dataframe()
            return df["blame_russia"].iloc[m.world.talks_day] if m.world.talks_day else 0.5

        assert mean(map(blame_after_talks, off("R24"))) < mean(map(blame_after_talks, baseline))


class TestR25OneAudience:
    def test_public_signals_reach_the_mediator_only_with_it(self):
        assert rule("R25").perceives(False, True)
        assert not rule("R25", enabled=False).perceives(False, True)
        assert rule("R25", enabled=False).perceives(True, False)

    def test_without_one_audience_blame_rises_less(self, baseline):
        assert (
            mean(m.mediator.blame for m in off("R25"))
            < mean(m.mediator.blame for m in baseline) - 0.05
        )


class TestR26MassTroops:
    def test_massing_and_momentum(self):
        r = rule("R26")
        assert r.boosted(0.5) > 0.5 and r.boosted(0.0) == 0.0
        gained, nxt = r.advance(0.5, in_truce=False)
        assert gained > 0 and nxt < 0.5
        assert r.advance(0.5, in_truce=True) == (0.0, 0.5)

    def test_without_it_no_offensive(self, baseline):
        assert all(m.world.territory_gain == 0 for m in off("R26"))
        assert count_kind(off("R26"), "MASS_TROOPS") == 0 < count_kind(baseline, "MASS_TROOPS")


class TestR27EconomicPressure:
    def test_pressure_grows_under_sanctions_and_favours_a_truce(self):
        r = rule("R27")
        assert r.grown(0.1, True, 0) > r.grown(0.1, False, 0) == 0.1
        assert sum(r.terms(0.8).values()) > sum(r.terms(0.1).values())

    def test_without_it_sanctions_do_not_bring_a_truce(self, baseline):
        def truce_after_sanctions(models):
            sanctioned = [m for m in models if m.world.us_energy_sanctions_day]
            return share(m.world.ceasefire_day for m in sanctioned)

        assert truce_after_sanctions(off("R27")) < truce_after_sanctions(baseline) - 0.2


class TestR28EmpowerUkraine:
    def test_aid_cuts_momentum(self):
        assert rule("R28").momentum_after(0.6) < 0.6

    def test_without_it_russia_keeps_more_momentum(self, baseline):
        assert mean(m.russia.momentum for m in off("R28")) > mean(
            m.russia.momentum for m in baseline
        )
