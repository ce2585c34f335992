"""Word's automatic numbering as the reader sees it printed.

A numbered Word paragraph carries no number in its text: it names a numbering instance (numId)
and a level (ilvl), and numbering.xml says how that level prints (numFmt: decimal,
chineseCounting, lowerLetter ...; lvlText: "%1.", "（%1）", "%1、"), where it starts and when it
restarts. `Numbering.marker(paragraph)` returns the marker as printed ("一、", "a)", "2.1"), so the
extractor reads the same numbers, levels and parents as the reader.
"""

from docx.oxml.ns import qn

CN = "〇一二三四五六七八九"
TRADITIONAL = "〇壹貳參肆伍陸柒捌玖"


def chinese(value, digits=CN):
    if value < 10:
        return digits[value]
    tens, units = divmod(value, 10)
    ten = "十" if digits is CN else "拾"
    return (digits[tens] if tens > 1 else "") + ten + (digits[units] if units else "")


def roman(value):
    result = ""
    for number, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l")):
        while value >= number:
            result, value = result + letters, value - number
    for number, letters in ((40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while value >= number:
            result, value = result + letters, value - number
    return result


def letters(value):
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


FORMATS = {
    "decimal": str,
    "decimalZero": lambda value: f"{value:02d}",
    "lowerLetter": letters,
    "upperLetter": lambda value: letters(value).upper(),
    "lowerRoman": roman,
    "upperRoman": lambda value: roman(value).upper(),
    "chineseCounting": chinese,
    "chineseCountingThousand": chinese,
    "chineseLegalSimplified": chinese,
    "ideographTraditional": lambda value: "甲乙丙丁戊己庚辛壬癸"[(value - 1) % 10],
    "ideographLegalTraditional": lambda value: chinese(value, TRADITIONAL),
    "decimalEnclosedCircle": lambda value: chr(ord("①") + value - 1) if value <= 20 else str(value),
    "decimalEnclosedCircleChinese": lambda value: chr(ord("①") + value - 1) if value <= 20 else str(value),
    "decimalFullWidth": lambda value: "".join(chr(ord(char) + 0xFEE0) for char in str(value)),
}


def attribute(element, tag):
    found = element.find(qn(tag)) if element is not None else None
    return found.get(qn("w:val")) if found is not None else None


class Numbering:
    """The numbering definitions of one document and the counters of its lists so far (kept per
    abstract list: Word continues a list across its instances unless one restarts it)."""

    def __init__(self, document):
        self.levels = {}  # (numId, ilvl) -> (start, numFmt, lvlText)
        self.counters = {}  # numId (or its abstract list when instances share it) -> {ilvl: value}
        self.abstract_of = {}
        self.overrides = {}  # numId -> {ilvl: start}: a list that restarts
        self.seen = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstracts = {}
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for level in abstract.findall(qn("w:lvl")):
                levels[int(level.get(qn("w:ilvl")))] = (
                    int(attribute(level, "w:start") or 1),
                    attribute(level, "w:numFmt") or "decimal",
                    attribute(level, "w:lvlText") or "",
                )
            abstracts[abstract.get(qn("w:abstractNumId"))] = levels
        for instance in root.findall(qn("w:num")):
            num_id = instance.get(qn("w:numId"))
            abstract_id = attribute(instance, "w:abstractNumId")
            self.abstract_of[num_id] = abstract_id
            levels = dict(abstracts.get(abstract_id, {}))
            for override in instance.findall(qn("w:lvlOverride")):
                level = int(override.get(qn("w:ilvl")))
                start = attribute(override, "w:startOverride")
                if start is not None and level in levels:
                    levels[level] = (int(start), *levels[level][1:])
                    self.overrides.setdefault(num_id, {})[level] = int(start)
            for level, definition in levels.items():
                self.levels[(num_id, level)] = definition

    @staticmethod
    def reference(paragraph):
        """(numId, ilvl) of a numbered paragraph: its own numPr, else its style's."""
        for properties in (paragraph._p.pPr, getattr(paragraph.style, "element", None)):
            if properties is None:
                continue
            numbering = properties.find(qn("w:numPr")) if properties.tag != qn("w:pPr") else properties.numPr
            if numbering is None and properties.tag == qn("w:style"):
                style_properties = properties.find(qn("w:pPr"))
                numbering = style_properties.find(qn("w:numPr")) if style_properties is not None else None
            if numbering is not None:
                num_id = attribute(numbering, "w:numId")
                level = attribute(numbering, "w:ilvl")
                if num_id and num_id != "0":
                    return num_id, int(level or 0)
        return None

    def list_of(self, paragraph):
        """(the list a numbered paragraph belongs to, its level): instances of one abstract list
        are one list, as Word counts them."""
        num_id, level = self.reference(paragraph)
        return f"list-{self.abstract_of.get(num_id, num_id)}", level

    def marker(self, paragraph):
        """The printed marker of a numbered paragraph ("" for a bullet or an unnumbered one)."""
        found = self.reference(paragraph)
        if found is None or found not in self.levels:
            return None
        num_id, level = found
        # Instances of one abstract list continue its count, unless one restarts it.
        counters = self.counters.setdefault(self.abstract_of.get(num_id, num_id), {})
        if num_id not in self.seen:
            self.seen.add(num_id)
            for restarted in self.overrides.get(num_id, {}):
                counters.pop(restarted, None)
        start, number_format, text = self.levels[found]
        counters[level] = counters[level] + 1 if level in counters else start
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        if number_format == "bullet":
            return "•"
        if number_format == "none":
            return ""
        marker = text
        for shown in range(level, -1, -1):
            if f"%{shown + 1}" not in marker:
                continue
            value = counters.get(shown, self.levels.get((num_id, shown), (1,))[0])
            show = FORMATS.get(self.levels.get((num_id, shown), (1, "decimal"))[1], str)
            marker = marker.replace(f"%{shown + 1}", show(value))
        return marker.strip()
