"""Curated lineage of the first draft (16 April 2010) from the possible goals and
elements (8 March 2010): first-draft label -> links, merged in by curation.first_draft."""

from __future__ import annotations

from typing import Any

OUTLINE = "2010-03-08-possible-elements#"

# first-draft label: [(outline label, confidence, note), ...]; every link 'elaborates'.
LINKS: dict[str, list[tuple[str, float, str]]] = {
 'PP14':[('goal-d',0.85,"the list item 'raise awareness within the UN system and also among States and other stakeholders such as the business sector, civil society and the international mass media' takes up goal d almost word for word"),
         ('goal-b',0.7,"the items on universal ratification and on helping Member States reinforce their commitments take up goal b")],
 'chapeau':[('a',0.6,"'translate our political will into intensified efforts and concrete actions' answers element a (reinvigorate the political will of the international community)")],
 '2':[('h',0.9,"both put the human rights of trafficked persons 'at the centre of all efforts to prevent and combat trafficking in persons'")],
 '3':[('b',0.85,"promoting universal ratification and effective implementation of the Protocol and other relevant instruments")],
 '12':[('e',0.85,"mainstreaming into programmes on development, natural disaster and post-conflict reconstruction")],
 '13':[('e',0.8,"the root causes listed in element e: poverty, inequality, gender discrimination and a culture of tolerance towards violence against women")],
 '15':[('d',0.75,"collection of disaggregated data and research on the nature and extent of trafficking, as in element d")],
 '16':[('i',0.6,"element i names the lack of victim identification as an obstacle to protection; paragraph 16 is about identification processes")],
 '17':[('f',0.85,"awareness raising to discourage demand through education and effective involvement of mass media")],
 '26':[('g',0.85,"training/capacity of those who work with victims and 'needed resources to the relevant sectors and institutions' (same words)")],
 '27':[('f',0.6,"preventing secondary victimization echoes element f's 'prevent victimization and re-victimization'")],
 '35':[('i',0.8,"element i's special attention to child victims or children at risk, to be given appropriate assistance and protection")],
 '42':[('c',0.7,"element c: effective criminalization of trafficking in the light of the Protocol's definition")],
 '45':[('c',0.6,"element c: criminalization of activities that facilitate or are associated with trafficking (attempt, complicity, organizing)")],
 '49':[('k',0.9,"same wording: enhance efforts to investigate alleged cases of trafficking, to prosecute perpetrators and to publicize convicted cases")],
 '55':[('l',0.85,"law enforcement cooperation among states of origin, transit and destination to enable the detection of trafficking chains")],
 '57':[('m',0.85,"effective coordination of efforts at the national, regional and international level through bilateral, regional and international agreements")],
 '58':[('m',0.6,"sharing programs and good practices through regional approaches, the second point of element m")],
 '61':[('l',0.6,"cooperation between law enforcement agencies internationally (element l: international police cooperation)")],
 '64':[('o',0.9,"exchange of information and experiences between the Conference of the Parties of UNTOC and United Nations human rights treaty bodies and mechanisms")],
 '68':[('n',0.7,"coordination and synergies across the United Nations and its entities, drawing on coordination across UN agencies")],
}


def links() -> dict[str, list[dict[str, Any]]]:
    """The lineage entries per first-draft label, as emitted in the YAML."""
    return {
        label: [
            {"from": OUTLINE + source, "relation": "elaborates", "origin": "curated",
             "confidence": confidence, "note": note}
            for source, confidence, note in rows
        ]
        for label, rows in LINKS.items()
    }
