package web

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/plenary-platform/plenary/internal/accreditation"
)

// Chart is a small bar chart drawn on the server as SVG: it costs a few hundred bytes, needs
// no script, prints, and reads the same on a slow connection. Colours are presentation
// attributes (the content security policy allows no inline style), the figures are also in
// a table beside it, and the SVG carries a title for screen readers.
type Chart struct {
	SVG    template.HTML
	Legend []ChartSeries
}

// ChartSeries is one colour of the chart and what it counts.
type ChartSeries struct {
	Label  string
	Colour string
}

// The series of the rounds chart. The colours are distinguishable with the common forms
// of colour blindness and meet 3:1 contrast against white.
var roundSeries = []struct {
	key    string
	colour string
	value  func(accreditation.RoundFigures) int
}{
	{"acc.figures.accredited", "#1e6b30", func(f accreditation.RoundFigures) int { return f.Accredited }},
	{"acc.figures.ecosoc", "#005a9c", func(f accreditation.RoundFigures) int { return f.ECOSOC }},
	{"acc.figures.blocked", "#b00020", func(f accreditation.RoundFigures) int { return f.Blocked }},
	{"acc.figures.pending", "#8a6d00", func(f accreditation.RoundFigures) int { return f.Pending }},
}

// roundsChart draws, for each round (oldest at the top), one bar split into the
// organizations accredited by the rule, accredited on ECOSOC notification, blocked, and
// still pending. On a right-to-left page the bars grow from the right.
func roundsChart(p *Page, rounds []accreditation.RoundFigures) Chart {
	var c Chart
	for _, s := range roundSeries {
		c.Legend = append(c.Legend, ChartSeries{Label: p.T(s.key), Colour: s.colour})
	}
	if len(rounds) == 0 {
		return c
	}
	const (
		width, labelW, rowH, barH, pad = 640, 120, 34, 22, 8
	)
	most := 1
	for _, r := range rounds {
		total := 0
		for _, s := range roundSeries {
			total += s.value(r)
		}
		most = max(most, total)
	}
	rtl := p.Dir == "rtl"
	height := len(rounds)*rowH + pad
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="chart-title" viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMinYMin meet">`, width, height)
	fmt.Fprintf(&b, `<title id="chart-title">%s</title>`, template.HTMLEscapeString(p.T("acc.chart_title")))
	scale := float64(width-labelW-2*pad-40) / float64(most)
	for i := len(rounds) - 1; i >= 0; i-- {
		r := rounds[i]
		y := (len(rounds)-1-i)*rowH + pad
		label := template.HTMLEscapeString(p.T("acc.round_short", "Number", r.Number))
		if rtl {
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="14" fill="#1a1a1a">%s</text>`, width-pad, y+barH-6, label)
		} else {
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="14" fill="#1a1a1a">%s</text>`, pad, y+barH-6, label)
		}
		at, total := 0.0, 0
		for _, s := range roundSeries {
			n := s.value(r)
			if n == 0 {
				continue
			}
			w := float64(n) * scale
			x := float64(labelW) + at
			if rtl {
				x = float64(width-labelW) - at - w
			}
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"><title>%s: %d</title></rect>`,
				x, y, w, barH, s.colour, template.HTMLEscapeString(p.T(s.key)), n)
			at += w
			total += n
		}
		end := float64(labelW) + at + 6
		anchor := "start"
		if rtl {
			end, anchor = float64(width-labelW)-at-6, "end"
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="%s" font-size="14" fill="#1a1a1a">%d</text>`, end, y+barH-6, anchor, total)
	}
	b.WriteString(`</svg>`)
	c.SVG = template.HTML(b.String()) // every label above is escaped
	return c
}
