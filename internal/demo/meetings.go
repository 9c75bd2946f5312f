package demo

import (
	"context"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/meeting"
)

// seedMeetings gives the Global Mechanism its two dedicated thematic groups and a
// calendar around today, shaped like the real one (A/80/257): an organizational session
// and a substantive session behind, a substantive session and the thematic groups'
// meetings ahead, each with its agenda, the Chair's guiding questions and its meetings.
func seedMeetings(ctx context.Context, d Deps, secretariat plenary.Actor) error {
	sys := plenary.System("demo")
	gm, err := d.Bodies.ByCode(ctx, sys, "gm")
	if err != nil {
		return err
	}
	tz := gm.TimeZone
	dtg1, err := d.Bodies.Create(ctx, sys, body.Input{Code: "gm-dtg1", ParentID: gm.ID, TimeZone: tz, Names: plenary.Localized{
		"en": "Dedicated thematic group on specific challenges in ICT security",
		"fr": "Groupe thématique spécialisé sur les défis particuliers en matière de sécurité des TIC",
		"es": "Grupo temático especializado sobre desafíos específicos en materia de seguridad de las TIC",
		"ru": "Специальная тематическая группа по конкретным проблемам безопасности ИКТ",
		"zh": "信息和通信技术安全具体挑战问题专门专题小组",
		"ar": "الفريق المواضيعي المخصص المعني بالتحديات المحددة في مجال أمن تكنولوجيا المعلومات والاتصالات",
	}})
	if err != nil {
		return err
	}
	dtg2, err := d.Bodies.Create(ctx, sys, body.Input{Code: "gm-dtg2", ParentID: gm.ID, TimeZone: tz, Names: plenary.Localized{
		"en": "Dedicated thematic group on ICT-security capacity-building",
		"fr": "Groupe thématique spécialisé sur le renforcement des capacités en matière de sécurité des TIC",
		"es": "Grupo temático especializado sobre creación de capacidad en materia de seguridad de las TIC",
		"ru": "Специальная тематическая группа по наращиванию потенциала в области безопасности ИКТ",
		"zh": "信息和通信技术安全能力建设问题专门专题小组",
		"ar": "الفريق المواضيعي المخصص المعني ببناء القدرات في مجال أمن تكنولوجيا المعلومات والاتصالات",
	}})
	if err != nil {
		return err
	}
	svc := meeting.NewService(d.DB.Meetings(), d.Clock, nil)
	loc := gm.Location()
	today := d.Clock.Now().In(loc)
	monday := func(weeks int) time.Time { // the Monday weeks from this week's
		t := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
		return t.AddDate(0, 0, -((int(t.Weekday())+6)%7)+7*weeks)
	}
	venue := "Conference Room 4, United Nations Headquarters, New York"

	type plan struct {
		body     int64
		kind     meeting.Kind
		start    time.Time
		days     int
		items    []meeting.ItemInput
		meetings int // per day: two (10:00–13:00, 15:00–18:00)
	}
	plans := []plan{
		{gm.ID, meeting.Organizational, monday(-34).AddDate(0, 0, 1), 2, organizationalAgenda(), 2},
		{gm.ID, meeting.Substantive, monday(-18), 5, substantiveAgenda(), 2},
		{gm.ID, meeting.Substantive, monday(2), 5, substantiveAgenda(), 2},
		{dtg1.ID, meeting.Thematic, monday(4), 2, thematicAgenda(), 2},
		{dtg2.ID, meeting.Thematic, monday(4).AddDate(0, 0, 2), 2, thematicAgenda(), 2},
	}
	for _, pl := range plans {
		s, err := svc.CreateSession(ctx, secretariat, meeting.SessionInput{BodyID: pl.body, Kind: pl.kind,
			StartsOn: pl.start, EndsOn: pl.start.AddDate(0, 0, pl.days-1), Venue: venue,
			LivestreamURL: "https://webtv.un.org/en/search?term=global+mechanism", RemoteURL: "https://meet.example.org/gm",
			RepresentativeLimit: 3})
		if err != nil {
			return err
		}
		var ids []int64
		main := int64(0) // the substantive item, or else the last
		for _, in := range pl.items {
			it, err := svc.AddItem(ctx, secretariat, s.ID, in)
			if err != nil {
				return err
			}
			ids = append(ids, it.ID)
			if main == 0 || it.Number != "6" {
				main = it.ID
			}
		}
		for day := range pl.days {
			date := pl.start.AddDate(0, 0, day)
			for half := range pl.meetings {
				hour := 10 + 5*half
				start := time.Date(date.Year(), date.Month(), date.Day(), hour, 0, 0, 0, loc)
				// The first meeting opens the session (the procedural items); the others take
				// up the substantive item.
				items := []int64{main}
				if day == 0 && half == 0 {
					items = ids
				}
				public := !(pl.kind == meeting.Substantive && day == pl.days-1 && half == 0) // an informal, closed consultation
				in := meeting.MeetingInput{StartsAt: start, EndsAt: start.Add(3 * time.Hour), Formal: public, Public: public,
					Room: "Conference Room 4", ItemIDs: items}
				if public {
					in.LivestreamURL = "https://webtv.un.org/en/search?term=global+mechanism"
				}
				if _, err := svc.CreateMeeting(ctx, secretariat, s.ID, in); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func item(number string, titles plenary.Localized) meeting.ItemInput {
	return meeting.ItemInput{Number: number, Titles: titles}
}

func organizationalAgenda() []meeting.ItemInput {
	return []meeting.ItemInput{
		item("1", plenary.Localized{"en": "Opening of the session", "fr": "Ouverture de la session", "es": "Apertura del período de sesiones",
			"ru": "Открытие сессии", "zh": "会议开幕", "ar": "افتتاح الدورة"}),
		item("2", plenary.Localized{"en": "Election of the Chair", "fr": "Élection du Président ou de la Présidente", "es": "Elección de la Presidencia",
			"ru": "Выборы Председателя", "zh": "选举主席", "ar": "انتخاب الرئيس"}),
		item("3", plenary.Localized{"en": "Adoption of the agenda", "fr": "Adoption de l'ordre du jour", "es": "Aprobación del programa",
			"ru": "Утверждение повестки дня", "zh": "通过议程", "ar": "إقرار جدول الأعمال"}),
		item("4", plenary.Localized{"en": "Organization of work", "fr": "Organisation des travaux", "es": "Organización de los trabajos",
			"ru": "Организация работы", "zh": "工作安排", "ar": "تنظيم الأعمال"}),
	}
}

func substantiveAgenda() []meeting.ItemInput {
	five := item("5", plenary.Localized{
		"en": "Discussions on substantive issues in accordance with the mandate of the Global Mechanism",
		"fr": "Débat sur les questions de fond conformément au mandat du Mécanisme mondial",
		"es": "Debates sobre cuestiones sustantivas de conformidad con el mandato del Mecanismo Mundial",
		"ru": "Обсуждение вопросов существа в соответствии с мандатом Глобального механизма",
		"zh": "根据全球机制的任务规定讨论实质性问题",
		"ar": "مناقشة المسائل الموضوعية وفقا لولاية الآلية العالمية"})
	five.Questions = plenary.Localized{
		"en": "Which existing and potential threats to ICT security have grown since the last session?\nHow can States put the agreed norms into practice, and what support do they need?\nHow should the Points of Contact directory be used in an incident?",
		"fr": "Quelles menaces existantes et potentielles pour la sécurité des TIC se sont accrues depuis la dernière session ?\nComment les États peuvent-ils mettre en pratique les normes convenues, et de quel appui ont-ils besoin ?\nComment utiliser le répertoire des points de contact lors d'un incident ?",
		"es": "¿Qué amenazas existentes y potenciales para la seguridad de las TIC han aumentado desde el último período de sesiones?\n¿Cómo pueden los Estados aplicar las normas acordadas y qué apoyo necesitan?\n¿Cómo debería utilizarse el directorio de puntos de contacto en caso de incidente?",
		"ru": "Какие существующие и потенциальные угрозы безопасности ИКТ возросли со времени прошлой сессии?\nКак государствам применять согласованные нормы на практике и какая поддержка им нужна?\nКак следует использовать справочник контактных лиц при инциденте?",
		"zh": "自上届会议以来，哪些现有和潜在的信息和通信技术安全威胁有所加剧？\n各国如何将商定的规范付诸实践，需要哪些支持？\n发生事件时应如何使用联络点名录？",
		"ar": "ما هي التهديدات القائمة والمحتملة لأمن تكنولوجيا المعلومات والاتصالات التي ازدادت منذ الدورة الأخيرة؟\nكيف يمكن للدول أن تضع المعايير المتفق عليها موضع التنفيذ، وما الدعم الذي تحتاج إليه؟\nكيف ينبغي استخدام دليل جهات الاتصال في حالة وقوع حادث؟",
	}
	return []meeting.ItemInput{
		item("1", plenary.Localized{"en": "Opening of the session", "fr": "Ouverture de la session", "es": "Apertura del período de sesiones",
			"ru": "Открытие сессии", "zh": "会议开幕", "ar": "افتتاح الدورة"}),
		item("2", plenary.Localized{"en": "Adoption of the agenda", "fr": "Adoption de l'ordre du jour", "es": "Aprobación del programa",
			"ru": "Утверждение повестки дня", "zh": "通过议程", "ar": "إقرار جدول الأعمال"}),
		item("3", plenary.Localized{"en": "Organization of work", "fr": "Organisation des travaux", "es": "Organización de los trabajos",
			"ru": "Организация работы", "zh": "工作安排", "ar": "تنظيم الأعمال"}),
		five,
		item("6", plenary.Localized{"en": "Other matters", "fr": "Questions diverses", "es": "Otros asuntos",
			"ru": "Прочие вопросы", "zh": "其他事项", "ar": "مسائل أخرى"}),
	}
}

func thematicAgenda() []meeting.ItemInput {
	a := substantiveAgenda()
	return []meeting.ItemInput{a[0], a[3]}
}
