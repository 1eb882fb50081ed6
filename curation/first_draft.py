"""drafts/2010-04-16-first-draft.yaml: the first draft of the resolution and Plan of Action
(16 April 2010), record lines 403-985, with the curated lineage from the outline."""

from __future__ import annotations

from curation.build import emit_doc, main, notes, paragraphs_from_spec
from curation.outline_links import links

F = "003_4916da8653de9fbc.txt"

HEAD = dict(
    slug="2010-04-16-first-draft",
    title="Draft resolution and Plan of Action: first draft",
    negotiation="2010-global-plan-of-action",
    kind="draft",
    date="2010-04-16",
    issued_by="Co-facilitators: the Permanent Representatives of Cape Verde and Portugal",
    file=F,
    lines=(403, 985),
)
SECTIONS = [
    ("preamble", "Resolution: preamble"),
    ("operative", "Resolution: operative paragraphs"),
    ("annex-general", "Annex: chapeau and general commitments"),
    ("annex-i", "I. Preventing trafficking in persons"),
    ("annex-ii", "II. Protecting and assisting victims of trafficking"),
    ("annex-iii", "III. Prosecuting crimes of trafficking in persons"),
    ("annex-iv", "IV. Strengthening partnerships against trafficking in persons"),
]

SPEC = [
 # label, section, first line, last line, options (see build.paragraphs_from_spec)
 ('PP1','preamble',416,418,dict(strip=r'^PP1\.\s*')),
 ('PP2','preamble',420,421,dict(strip=r'^PP\.2\s*')),
 ('PP3','preamble',423,425,dict(strip=r'^PP\.3\s*')),
 ('PP4','preamble',427,435,dict(strip=r'^PP\.4\s*',repairs=[('Renffirming','Reaffirming'),('pomography','pornography')])),
 ('PP5','preamble',437,441,dict(strip=r'^PP\.5\s*')),
 ('PP6','preamble',443,448,dict(strip=r'^PP\.6\s*')),
 ('PP7','preamble',450,456,dict(strip=r'^PP\.7\s*',repairs=[('{b)','(b)'),('par.111-1 12','par.111-112',"OCR 'par.111-1 12' read as 'par.111-112' (a space inside the number)")])),
 ('PP8','preamble',460,465,dict(strip=r'^PP\.8\s*')),
 ('PP9','preamble',467,474,dict(strip=r'^PP\.9\s*')),
 ('PP10','preamble',476,479,dict(strip=r'^PP\.10\s*',repairs=[('Trafficking"”','Trafficking"',"OCR doubled closing quote 'Trafficking\"”' read as 'Trafficking\"'")])),
 ('PP11','preamble',481,488,dict(strip=r'^PP\.11\s*')),
 ('PP12','preamble',490,493,dict(strip=r'^PP\.12\s*')),
 ('PP13','preamble',495,510,dict(strip=r'^PP\.13\s*',repairs=[('Quagadougou','Ouagadougou')])),
 ('PP14','preamble',512,537,dict(strip=r'^PP\.14\s*',items=[(512,513),(515,517),(519,520),(522,523),(525,526),(528,529),(531,533),(535,537)],repairs=[('intemational','international')],
    extra_note="The bullet markers of the seven list items were lost in the scan; each item is kept on a line of its own after the chapeau")),
 ('OP1','operative',539,540,dict(strip=r'^1\.\s*',repairs=[('Action™','Action”',"OCR 'Action™' read as 'Action”' (closing quotation mark)")])),
 ('OP2','operative',542,544,dict(strip=r'^2\.\s*')),
 ('OP2(a)','operative',546,546,dict(strip=r'^\(@\)\s*')),
 ('OP2(b)','operative',548,551,dict(strip=r'^\(b\)\s*')),
 ('OP2(c)','operative',553,555,dict(strip=r'^\(©0\s*')),
 ('OP2(d)','operative',557,558,dict(strip=r'^\(d\)\s*')),
 ('chapeau','annex-general',562,566,{}),
 ('1','annex-general',572,573,{}),
 ('2','annex-general',575,577,{}),
 ('3','annex-general',579,589,{}),
 ('4','annex-general',591,595,{}),
 ('5','annex-general',597,599,{}),
 ('6','annex-general',601,603,{}),
 ('7','annex-general',605,607,{}),
 ('8','annex-general',613,621,{}),
 ('9','annex-general',623,629,dict(repairs=[('leamed','learned')])),
 ('10','annex-general',631,637,dict(strip=r'^10\.\s*')),
 ('11','annex-general',639,640,{}),
 ('12','annex-i',644,649,dict(strip=r'^12\.\s*')),
 ('13','annex-i',651,653,{}),
 ('14','annex-i',655,661,dict(strip=r'^14\.\s*',repairs=[('ctime','crime')])),
 ('15','annex-i',663,667,{}),
 ('16','annex-i',669,686,dict(strip=r'^16\.\s*')),
 ('17','annex-i',688,691,{}),
 ('18','annex-i',693,695,{}),
 ('19','annex-i',697,698,{}),
 ('20','annex-i',700,704,{}),
 ('21','annex-i',706,708,{}),
 ('22','annex-ii',722,724,{}),
 ('23','annex-ii',726,730,{}),
 ('24','annex-ii',732,734,{}),
 ('25','annex-ii',736,738,{}),
 ('26','annex-ii',740,744,{}),
]
for n,(a,b) in zip(range(27,42),[(748,751),(753,755),(757,758),(760,763),(765,768),(770,774),(776,777),(779,780),(782,787),(789,792),(794,795),(797,798),(800,806),(808,814),(816,820)]):
    SPEC.append((str(n),'annex-ii',a,b,dict(strip=rf'^{n}[.,]\s*')))
SPEC += [
 ('42','annex-iii',836,839,{}),
 ('43','annex-iii',841,844,{}),
 ('44','annex-iii',846,850,dict(strip=r'^- ',extra_note="a stray '- ' before 'Ensuring' at line 846 (apparently the remains of the number '44.') dropped")),
 ('45','annex-iii',852,859,dict(items=[(852,853),(855,855),(856,856),(858,859)],repairs=[('¢. Organizing','c. Organizing')])),
 ('46','annex-iii',861,865,{}),
 ('47','annex-iii',867,868,{}),
 ('48','annex-iii',870,871,{}),
]
for n,(a,b) in zip(range(49,56),[(875,876),(878,879),(881,882),(884,885),(887,890),(892,894),(896,900)]):
    SPEC.append((str(n),'annex-iii',a,b,dict(strip=rf'^{n}[.,]\s*')))
for n,(a,b) in zip(range(56,71),[(904,907),(909,912),(914,916),(918,920),(922,924),(926,927),(931,934),(936,939),(941,943),(945,948),(950,955),(957,961),(963,966),(968,971),(973,975)]):
    SPEC.append((str(n),'annex-iv',a,b,dict(strip=rf'^{n}[.,]\s*')))
# repairs of the numbered paragraphs generated above, after any in SPEC
MORE_REPAIRS = {'50':[('crime; :','crime;',"stray ':' after the final ';' (line 879) dropped")],
        '51':[('Justice response','justice response',"OCR 'Justice' read as 'justice' (capital J mid-sentence)")],
        '55':[('cooperaie','cooperate')],
        '64':[('beitween','between')],
        '67':[('sirengthen','strengthen')],
        '68':[("UN.GIFT; '","UN.GIFT;","stray \"'\" after 'UN.GIFT;' (line 966) dropped")]}


def build() -> str:
    paras = paragraphs_from_spec(F, SPEC, MORE_REPAIRS)
    lineage = links()
    for p in paras:
        if p["label"] in lineage:
            p["lineage"] = lineage[p["label"]]
    return emit_doc(dict(HEAD, notes=notes("first_draft")), SECTIONS, paras)


if __name__ == "__main__":
    main(build)
