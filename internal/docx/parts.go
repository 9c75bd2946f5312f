package docx

import "strconv"

// The parts of the package that do not depend on the blocks. Elements are written in the
// order the schema (ECMA-376, transitional) gives them: Word refuses a document whose
// properties come in another order.

const (
	xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	relTypes  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
)

// Fonts. Latin and Cyrillic text is in Times New Roman, as United Nations documents are.
// Chinese is in Noto Serif CJK SC (Debian's fonts-noto-cjk), a Song face like SimSun,
// which the font table names as its alternative for Windows; Arabic is in Noto Naskh
// Arabic (fonts-noto-core), with Times New Roman, which has Arabic letters on Windows, as
// its alternative. Every document sets them as defaults (an English report may quote an
// answer in Chinese or in Arabic); the runs of a Chinese or Arabic paragraph name them
// again.
const (
	fontLatin    = "Times New Roman"
	fontEastAsia = "Noto Serif CJK SC"
	fontComplex  = "Noto Naskh Arabic"
)

const contentTypesXML = xmlHeader +
	`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>` +
	`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const packageRelsXML = xmlHeader +
	`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="` + relTypes + `officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="` + relTypes + `extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

// documentRelsXML: rId4, the footer, is named by the section in documentXML.
const documentRelsXML = xmlHeader +
	`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="` + relTypes + `styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="` + relTypes + `settings" Target="settings.xml"/>` +
	`<Relationship Id="rId3" Type="` + relTypes + `numbering" Target="numbering.xml"/>` +
	`<Relationship Id="rId4" Type="` + relTypes + `footer" Target="footer1.xml"/>` +
	`<Relationship Id="rId5" Type="` + relTypes + `fontTable" Target="fontTable.xml"/>` +
	`</Relationships>`

const appXML = xmlHeader +
	`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"` +
	` xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
	`<Application>plenary</Application><DocSecurity>0</DocSecurity></Properties>`

// stylesXML: the document's defaults (its language, the fonts, the spacing) and the
// styles the blocks use, under the names Word gives its built-in ones ("heading 1",
// "List Bullet", "Table Grid") so that Word and LibreOffice treat them as such. Sizes are
// in half-points; complex-script sizes (szCs, Arabic) are a little larger, as an Arabic
// face looks smaller than a Latin one of the same size.
func stylesXML(lang string) string {
	return xmlHeader + `<w:styles xmlns:w="` + nsW + `">` +
		`<w:docDefaults><w:rPrDefault><w:rPr>` +
		`<w:rFonts w:ascii="` + fontLatin + `" w:eastAsia="` + fontEastAsia + `" w:hAnsi="` + fontLatin + `" w:cs="` + fontComplex + `"/>` +
		`<w:sz w:val="22"/><w:szCs w:val="26"/>` +
		`<w:lang w:val="` + languageTags[lang] + `" w:eastAsia="zh-CN" w:bidi="ar-SA"/>` +
		`</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>` +
		`<w:spacing w:after="120" w:line="264" w:lineRule="auto"/>` +
		`</w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
		`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>` +
		`<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>` +
		`<w:uiPriority w:val="10"/><w:qFormat/>` +
		`<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="360"/></w:pPr>` +
		`<w:rPr><w:b/><w:bCs/><w:sz w:val="36"/><w:szCs w:val="44"/></w:rPr></w:style>` +
		heading(1, 32, 38, 360) + heading(2, 26, 32, 240) + heading(3, 24, 28, 200) +
		`<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/>` +
		`<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:qFormat/>` +
		`<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/></w:pPr></w:style>` +
		`<w:style w:type="paragraph" w:customStyle="1" w:styleId="Note"><w:name w:val="Note"/><w:basedOn w:val="Normal"/>` +
		`<w:qFormat/><w:rPr><w:i/><w:iCs/><w:color w:val="404040"/><w:sz w:val="18"/><w:szCs w:val="22"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>` +
		`<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after="0"/></w:pPr>` +
		`<w:rPr><w:sz w:val="18"/><w:szCs w:val="22"/></w:rPr></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>` +
		`<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
		`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>` +
		`<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>` +
		`<w:uiPriority w:val="39"/><w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>` +
		`<w:tblPr><w:tblBorders>` + border("top") + border("left") + border("bottom") + border("right") +
		border("insideH") + border("insideV") + `</w:tblBorders>` +
		`<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>` +
		`<w:bottom w:w="40" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`</w:styles>`
}

func heading(level, size, sizeCs, before int) string {
	n := strconv.Itoa(level)
	return `<w:style w:type="paragraph" w:styleId="Heading` + n + `"><w:name w:val="heading ` + n + `"/>` +
		`<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>` +
		`<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="` + strconv.Itoa(before) + `" w:after="120"/>` +
		`<w:outlineLvl w:val="` + strconv.Itoa(level-1) + `"/></w:pPr>` +
		`<w:rPr><w:b/><w:bCs/><w:sz w:val="` + strconv.Itoa(size) + `"/><w:szCs w:val="` + strconv.Itoa(sizeCs) + `"/></w:rPr></w:style>`
}

func border(side string) string {
	return `<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="808080"/>`
}

// settingsXML: Word 2013 and later open the document without "compatibility mode".
func settingsXML(lang string) string {
	return xmlHeader + `<w:settings xmlns:w="` + nsW + `">` +
		`<w:zoom w:percent="100"/><w:defaultTabStop w:val="708"/>` +
		`<w:characterSpacingControl w:val="doNotCompress"/>` +
		`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
		`<w:themeFontLang w:val="` + languageTags[lang] + `" w:eastAsia="zh-CN" w:bidi="ar-SA"/>` +
		`<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>` +
		`</w:settings>`
}

// numberingXML: one bulleted list (numId 1), which the List Bullet style uses. w:ind's
// left is the side a paragraph starts from: the right in a right-to-left paragraph.
const numberingXML = xmlHeader + `<w:numbering xmlns:w="` + nsW + `">` +
	`<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>` +
	`<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:pStyle w:val="ListBullet"/>` +
	`<w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr>` +
	`<w:rPr><w:rFonts w:ascii="` + fontLatin + `" w:hAnsi="` + fontLatin + `" w:cs="` + fontLatin + `"/></w:rPr></w:lvl>` +
	`</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`

// fontTableXML describes the fonts, for a machine that lacks them to find a substitute.
const fontTableXML = xmlHeader + `<w:fonts xmlns:w="` + nsW + `">` +
	`<w:font w:name="` + fontLatin + `"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>` +
	`<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
	`<w:font w:name="` + fontEastAsia + `"><w:altName w:val="SimSun"/><w:charset w:val="86"/>` +
	`<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
	`<w:font w:name="` + fontComplex + `"><w:altName w:val="` + fontLatin + `"/><w:charset w:val="B2"/>` +
	`<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
	`</w:fonts>`
