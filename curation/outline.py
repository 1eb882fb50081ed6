"""drafts/2010-03-08-possible-elements.yaml: the co-facilitators' cover letter and paper
"Possible goals and elements" (8 March 2010), record lines 1-339."""

from __future__ import annotations

from curation.build import emit_doc, main, notes, paragraphs_from_spec

F = "003_4916da8653de9fbc.txt"

HEAD = dict(
    slug="2010-03-08-possible-elements",
    title="A Global Plan of Action against Trafficking in Persons: Possible goals and elements",
    negotiation="2010-global-plan-of-action",
    kind="outline",
    date="2010-03-08",
    issued_by="Co-facilitators: the Permanent Representatives of Cape Verde and Portugal",
    file=F,
    lines=(1, 339),
)
SECTIONS = [
    ("cover-letter", "Cover letter convening the first meeting (8 March 2010)"),
    ("introduction", "Introduction"),
    ("background", "I. Background"),
    ("goals", "II. The possible goals of a Global Plan of Action on Trafficking in Persons"),
    ("elements", "III. Possible elements to be included in a Global Plan of Action"),
]


def fn(mark: str, after: str) -> tuple[str, str, str]:
    """A repair dropping the footnote reference `mark` printed after `after`."""
    return (after + mark, after, f"footnote reference {mark!r} after '{after}' dropped (the footnotes are not recorded)")


# label, section, first line, last line, options (see build.paragraphs_from_spec)
SPEC = [
 ('letter-1','cover-letter',14,16,{}),
 ('letter-2','cover-letter',18,20,{}),
 ('letter-3','cover-letter',22,25,{}),
 ('letter-4','cover-letter',27,27,dict(repairs=[('Exceliency','Excellency')])),
 ('intro-1','introduction',38,47,dict(repairs=[('consultations. it','consultations. It',"OCR 'consultations. it' read as 'consultations. It'"),
     ('(Section | and','(Section I) and',"OCR '(Section | and' read as '(Section I) and'"),('{Section Il)','(Section II)'),('(Section |11}','(Section III)',"OCR '(Section |11}' read as '(Section III)' (the sentence has no full stop in the scan)"),
     ('Obhservers','Observers'),('2 deadline','a deadline')])),
 ('bg-1','background',51,53,dict(repairs=[fn('’','persons')])),
 ('bg-2','background',55,64,{}),
 ('bg-3','background',66,70,dict(repairs=[('tn 2004','In 2004'),('Generai','General')])),
 ('bg-4','background',72,76,dict(repairs=[('(par.111-112}','(par.111-112)')])),
 ('bg-5','background',84,88,dict(repairs=[('in 2006','In 2006'),('{resolution','(resolution'),fn('?','(ICAT)')])),
 ('bg-6','background',90,100,dict(repairs=[('Eurgpe','Europe'),('I0M','IOM'),('muiti-faceted','multi-faceted'),('{the','(the'),('ieaders','leaders')])),
 ('bg-7','background',102,115,dict(repairs=[('implernentations','implementations'),('conceming','concerning'),('Giobal','Global'),('consuitations','consultations'),('up ¢ UN','up a UN'),('ogainst','against')])),
 ('bg-8','background',117,117,{}),
 ('bg-9','background',119,137,dict(skip=range(124,133))),
 ('bg-10','background',139,145,{}),
 ('bg-11','background',147,157,dict(items=[(147,147),(149,150),(151,151),(152,152),(153,153),(154,156),(157,157)],repairs=[('the 64™ session of the GA (A/64/130)','the 64th session of the GA (A/64/130)',"OCR '64™' read as '64th' (twice)"),('the 64™ session of the GA (A/64/290)','the 64th session of the GA (A/64/290)',"(second '64™' -> '64th')")])),
 ('goal-a','goals',172,175,{}),
 ('goal-b','goals',177,182,dict(repairs=[fn('®','instruments')])),
 ('goal-c','goals',184,188,{}),
 ('goal-d','goals',190,192,dict(repairs=[fn('”','perpetrators.')])),
 ('goal-e','goals',194,198,dict(repairs=[('contribute fo the','contribute to the'),('c;)uld','could')])),
 ('goal-f','goals',200,204,dict(repairs=[('coordinatien','coordination'),('could 7} encourage','could i) encourage'),('and i} promote','and ii) promote',"OCR 'and i} promote' read as 'and ii) promote' (the second of the items i), ii), iii))"),fn('’','level')])),
 ('goal-g','goals',206,209,dict(repairs=[('help i} to','help i) to')])),
 ('chapeau','elements',232,234,{}),
 ('a','elements',246,250,dict(repairs=[('intemational','international')])),
 ('b','elements',252,255,dict(repairs=[fn('®','persons.')])),
 ('c','elements',257,262,dict(repairs=[fn('’”','safeguarded.')])),
 ('d','elements',264,268,dict(repairs=[fn("'’",'lacking.')])),
 ('e','elements',270,273,{}),
 ('f','elements',275,278,dict(repairs=[('disconrage','discourage'),fn('”','groups.')])),
 ('g','elements',280,281,dict(repairs=[('resonrces','resources')])),
 ('h','elements',295,297,dict(strip=r'^h\)\s*',repairs=[('emsure','ensure'),fn("'",'victims')])),
 ('i','elements',299,304,dict(strip=r'^1\)\s*',repairs=[fn("'*",'origin.')])),
 ('j','elements',306,308,dict(strip=r'^j\)\}\s*',repairs=[fn('!','trafficking.')])),
 ('k','elements',310,311,dict(strip=r'^k\)\s*')),
 ('l','elements',313,315,dict(strip=r'^1\)\s*',repairs=[('e:ﬁ:hange','exchange')])),
 ('m','elements',317,321,dict(strip=r'^m\)\s*')),
 ('n','elements',323,326,dict(strip=r'^n\)\s*',repairs=[fn("'”",'persons.')])),
 ('o','elements',328,330,dict(strip=r'^o\)\s*')),
]


def build() -> str:
    paras = paragraphs_from_spec(F, SPEC)
    return emit_doc(dict(HEAD, notes=notes("outline")), SECTIONS, paras)


if __name__ == "__main__":
    main(build)
