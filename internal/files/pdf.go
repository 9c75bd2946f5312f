package files

import "bytes"

// pdfWindow is how far from the start the header, and from the end the end-of-file
// marker, may be: what PDF readers accept.
const pdfWindow = 1024

var (
	pdfMagic = []byte("%PDF-")
	pdfEOF   = []byte("%%EOF")
)

// pdfHeader reports whether "%PDF-" is within the first kilobyte.
func pdfHeader(data []byte) bool {
	return bytes.Contains(data[:min(len(data), pdfWindow)], pdfMagic)
}

// checkPDF wants the header (checked by pdfHeader) and an "%%EOF" marker in the last
// kilobyte followed by nothing but whitespace: a PDF cut short in transfer has none.
func checkPDF(data []byte) verdict {
	if !pdfHeader(data) {
		return otherKind
	}
	tail := data[max(0, len(data)-pdfWindow):]
	i := bytes.LastIndex(tail, pdfEOF)
	if i < 0 || len(bytes.Trim(tail[i+len(pdfEOF):], " \t\r\n\f\x00")) != 0 {
		return damaged
	}
	return accepted
}
