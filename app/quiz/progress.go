package quiz

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/lessons/lesson"
)

// A learner's progress is the set of checks answered, kept in localStorage
// by the check widget under key. Nothing leaves the browser.

// record is what localStorage keeps for one check.
type record struct {
	Selected string `json:"selected"`
	Correct  bool   `json:"correct"`
}

func key(lessonPath, checkID string) string {
	return "playground.check:" + lessonPath + "#" + checkID
}

// Progress is what a learner has done in one lesson on this device.
type Progress struct {
	Answered int // checks answered, right or wrong
	Passed   int // checks answered right
}

// LessonProgress reads a lesson's answers from localStorage.
func LessonProgress(ctx app.Context, s lesson.Summary) Progress {
	var p Progress
	for _, id := range s.Checks {
		var rec record
		if err := ctx.LocalStorage().Get(key("/lessons/"+s.Slug, id), &rec); err == nil && rec.Selected != "" {
			p.Answered++
			if rec.Correct {
				p.Passed++
			}
		}
	}
	return p
}

// Reset forgets every answer of every lesson in the index.
func Reset(ctx app.Context, idx lesson.Index) {
	for _, s := range idx.Lessons {
		for _, id := range s.Checks {
			ctx.LocalStorage().Del(key("/lessons/"+s.Slug, id))
		}
	}
}

// LessonPath maps a lesson or lesson-embed path (site paths, the base
// already stripped) to the lesson's own path, so an answer given inside an
// embed counts for the lesson too. Any other path is its own.
func LessonPath(p string) string {
	for _, prefix := range []string{"/lessons/", "/embed/lesson/"} {
		if slug, ok := strings.CutPrefix(p, prefix); ok {
			if slug = strings.TrimSuffix(slug, "/"); slug != "" && !strings.Contains(slug, "/") {
				return "/lessons/" + slug
			}
		}
	}
	return p
}
