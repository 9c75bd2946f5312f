package web

import (
	"math"
	"strconv"

	"github.com/plenary-platform/plenary/internal/accreditation"
)

// Chart is a small horizontal bar chart drawn on the server as SVG by the "chart"
// partial (templates/partials/chart.tmpl): it costs a few hundred bytes, needs no
// script, prints, and reads the same on a slow connection. Colours are presentation
// attributes (the content security policy allows no inline style), the figures are also
// in a table beside it, and the SVG carries a title for screen readers. Here only its
// geometry is computed; html/template escapes every label and title.
type Chart struct {
	ID, Title string
	// Dir is the page's direction, written on the SVG: its texts are anchored by their
	// start, which is their right end on a right-to-left page.
	Dir           string
	Width, Height int
	Rows          []ChartRow
	Legend        []ChartSeries
}

// ChartSeries is one colour of the chart and what it counts.
type ChartSeries struct {
	Label  string
	Colour string
}

// ChartRow is one bar: its label, an optional track showing the whole scale, its parts,
// and the figure written at its end.
type ChartRow struct {
	Label ChartText
	Track *ChartRect
	Parts []ChartRect
	Value ChartText
}

// ChartRect is a rectangle of a bar, with its tooltip.
type ChartRect struct {
	X, Y, W, H float64
	Fill       string
	Title      string
}

// ChartText is a text of a row, anchored at X: by its start or its end, in the chart's
// direction (a right-to-left text starts on its right).
type ChartText struct {
	X, Y   float64
	Anchor string
	Text   string
}

// Bar is one row to draw: its label, its parts (a value in a series each), and the
// figure written at its end.
type Bar struct {
	Label string
	Parts []BarPart
	Value string
}

// BarPart is one series' share of a bar.
type BarPart struct {
	Value  float64
	Colour string
	Title  string
}

// chartLayout is the geometry of a kind of chart, in the SVG's units.
type chartLayout struct {
	LabelW, RowH, BarH, ValueW int
	// LabelMax cuts labels longer than this many characters (0: none).
	LabelMax int
	// Scale is the value of a full bar; 0 takes the largest total.
	Scale float64
	// Track draws the whole scale behind each bar, so that a low value reads as low.
	Track bool
}

const (
	chartWidth   = 640
	chartPad     = 8
	chartTrack   = "#e8eef4"
	chartTextGap = 6
)

// drawChart lays bars out as rows, top to bottom. On a right-to-left page the labels
// stand on the right and the bars grow from the right; every text is anchored by its
// start all the same, which the chart's direction puts on the text's right.
func drawChart(p *Page, id, title string, l chartLayout, bars []Bar, legend []ChartSeries) Chart {
	c := Chart{ID: id, Title: title, Dir: p.Dir, Width: chartWidth, Legend: legend}
	if c.Dir != "rtl" {
		c.Dir = "ltr"
	}
	if len(bars) == 0 {
		return c
	}
	most := l.Scale
	if most == 0 {
		most = 1
		for _, b := range bars {
			total := 0.0
			for _, part := range b.Parts {
				total += part.Value
			}
			most = max(most, total)
		}
	}
	rtl := p.Dir == "rtl"
	c.Height = len(bars)*l.RowH + chartPad
	scale := float64(chartWidth-l.LabelW-2*chartPad-l.ValueW) / most
	// at places a run of width w that starts off after the label, in the page's direction.
	at := func(off, w float64) float64 {
		if rtl {
			return float64(chartWidth-l.LabelW) - off - w
		}
		return float64(l.LabelW) + off
	}
	for i, b := range bars {
		y := float64(i*l.RowH + chartPad)
		textY := y + float64(l.BarH) - 5
		row := ChartRow{Label: ChartText{X: chartPad, Y: textY, Anchor: "start", Text: cut(b.Label, l.LabelMax)}}
		if rtl {
			row.Label.X = chartWidth - chartPad
		}
		end := 0.0
		if l.Track {
			end = most * scale
			row.Track = &ChartRect{X: at(0, end), Y: y, W: end, H: float64(l.BarH), Fill: chartTrack}
		}
		off := 0.0
		for _, part := range b.Parts {
			if part.Value <= 0 {
				continue
			}
			w := part.Value * scale
			row.Parts = append(row.Parts, ChartRect{X: at(off, w), Y: y, W: w, H: float64(l.BarH), Fill: part.Colour, Title: part.Title})
			off += w
		}
		end = max(end, off)
		row.Value = ChartText{X: at(end+chartTextGap, 0), Y: textY, Anchor: "start", Text: b.Value}
		for _, r := range append([]*ChartRect{row.Track}, ptrs(row.Parts)...) {
			if r != nil {
				r.X, r.W = tenth(r.X), tenth(r.W)
			}
		}
		row.Value.X = tenth(row.Value.X)
		c.Rows = append(c.Rows, row)
	}
	return c
}

func ptrs(rs []ChartRect) []*ChartRect {
	out := make([]*ChartRect, len(rs))
	for i := range rs {
		out[i] = &rs[i]
	}
	return out
}

// tenth rounds a coordinate to a tenth of a unit, as the SVG is written.
func tenth(x float64) float64 { return math.Round(x*10) / 10 }

// cut shortens s to n characters, ending with an ellipsis (n 0: as it is).
func cut(s string, n int) string {
	r := []rune(s)
	if n == 0 || len(r) <= n {
		return s
	}
	return string(append(r[:n-1], '…'))
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
// still pending.
func roundsChart(p *Page, rounds []accreditation.RoundFigures) Chart {
	var legend []ChartSeries
	for _, s := range roundSeries {
		legend = append(legend, ChartSeries{Label: p.T(s.key), Colour: s.colour})
	}
	bars := make([]Bar, 0, len(rounds))
	for i := len(rounds) - 1; i >= 0; i-- {
		r := rounds[i]
		b := Bar{Label: p.T("acc.round_short", "Number", r.Number)}
		total := 0
		for _, s := range roundSeries {
			n := s.value(r)
			total += n
			b.Parts = append(b.Parts, BarPart{Value: float64(n), Colour: s.colour, Title: p.T(s.key) + ": " + strconv.Itoa(n)})
		}
		b.Value = strconv.Itoa(total)
		bars = append(bars, b)
	}
	return drawChart(p, "chart-title", p.T("acc.chart_title"), chartLayout{LabelW: 120, RowH: 34, BarH: 22, ValueW: 40}, bars, legend)
}

// rateBar is one bar of a response-rate chart.
type rateBar struct {
	Label string
	Rate  float64 // percent
}

// rateChart draws response rates as bars from 0 to 100 %, one per row, over a track
// of the whole 100 %.
func rateChart(p *Page, id, title string, rates []rateBar) Chart {
	const colour = "#005a9c"
	bars := make([]Bar, len(rates))
	for i, r := range rates {
		value := p.Pct(r.Rate)
		bars[i] = Bar{Label: r.Label, Value: value, Parts: []BarPart{{Value: r.Rate, Colour: colour, Title: cut(r.Label, 24) + ": " + value}}}
	}
	return drawChart(p, id, title, chartLayout{LabelW: 190, RowH: 30, BarH: 20, ValueW: 56, LabelMax: 24, Scale: 100, Track: true},
		bars, []ChartSeries{{Label: p.T("ping.page.rate"), Colour: colour}})
}
