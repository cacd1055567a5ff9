"""Compendia written in French, Spanish or German: their labels, goal lines and periods are read like the English
and Arabic ones."""

from practices.compendium import parse_compendium, parse_period

FRENCH = """BONNES PRATIQUES

Cercles de parole à Tunis
Pays : Tunisie
Organisation responsable : Maison des jeunes de la Médina
Période : depuis 2016
Activité : Les éducateurs réunissent chaque semaine des élèves et leurs parents.
Objectifs
Prévenir l'isolement des jeunes dans les quartiers.
Description
Les cercles de parole sont animés par des éducatrices formées à la médiation.
Bénéficiaires
Élèves, parents et enseignants
Objectif 2 : Renforcer l'éducation et la résilience au niveau local
(58) Développer des stratégies participatives.
"""

SPANISH = """Radio Convivencia
País: España
Organización responsable: Asociación Puentes
Período: 2015-2018
Actividad: Un programa semanal de radio sobre la convivencia en los barrios.
Objetivos
Dar voz a los jóvenes.
Descripción
Jóvenes presentadores entrevistan a sus vecinos.
Beneficiarios
Oyentes de Melilla
Objetivo 8: Promover narrativas alternativas.
(120) Apoyar narrativas alternativas.
"""

GERMAN = """Sport verbindet
Land: Deutschland
Verantwortliche Organisation: Brücken e.V.
Zeitraum: seit 2017
Aktivität: Gemischte Mannschaften aus Geflüchteten und Nachbarn spielen jede Woche.
Ziele
Vertrauen zwischen Jugendlichen aufbauen.
Beschreibung
Wöchentliche Spiele und ein Pokal am Ende der Saison.
Zielgruppen
Jungen und Mädchen von 10 bis 16 Jahren
Ziel 6: Die Rolle der Jugend stärken.
(99) Junge Menschen einbeziehen.
"""


def test_french_compendium():
    [practice] = parse_compendium(FRENCH)
    assert practice.name == "Cercles de parole à Tunis"
    assert (practice.country, practice.organisation) == ("Tunisie", "Maison des jeunes de la Médina")
    assert (practice.period, practice.start_year, practice.end_year, practice.ongoing) == (
        "depuis 2016", 2016, None, True)
    assert practice.objectives == "Prévenir l'isolement des jeunes dans les quartiers."
    assert practice.beneficiaries == "Élèves, parents et enseignants"
    [goal] = practice.goals
    assert (goal.number, goal.title) == (2, "Renforcer l'éducation et la résilience au niveau local")
    assert [(p.number, p.text) for p in goal.paragraphs] == [(58, "Développer des stratégies participatives.")]


def test_spanish_compendium():
    [practice] = parse_compendium(SPANISH)
    assert (practice.name, practice.country, practice.organisation) == (
        "Radio Convivencia", "España", "Asociación Puentes")
    assert (practice.start_year, practice.end_year) == (2015, 2018)
    assert practice.description == "Jóvenes presentadores entrevistan a sus vecinos."
    assert [(g.number, [p.number for p in g.paragraphs]) for g in practice.goals] == [(8, [120])]


def test_german_compendium():
    [practice] = parse_compendium(GERMAN)
    assert (practice.name, practice.country, practice.organisation) == (
        "Sport verbindet", "Deutschland", "Brücken e.V.")
    assert (practice.start_year, practice.ongoing) == (2017, True)
    assert practice.objectives == "Vertrauen zwischen Jugendlichen aufbauen."
    assert practice.beneficiaries == "Jungen und Mädchen von 10 bis 16 Jahren"
    assert [(g.number, g.title) for g in practice.goals] == [(6, "Die Rolle der Jugend stärken.")]


def test_periods_in_other_languages():
    assert parse_period("depuis 2004") == (2004, None, True)
    assert parse_period("desde 2010") == (2010, None, True)
    assert parse_period("seit 2012") == (2012, None, True)
    assert parse_period("2015 – en cours") == (2015, None, True)
