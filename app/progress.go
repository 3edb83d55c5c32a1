package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/lessons/lesson"
)

// A learner's progress is the set of checks answered correctly, kept in
// localStorage by checkBox under checkKey. Nothing leaves the browser.

func checkKey(lessonPath, checkID string) string {
	return "playground.check:" + lessonPath + "#" + checkID
}

// lessonProgress counts the checks of a lesson passed on this device.
func lessonProgress(ctx app.Context, s lesson.Summary) (passed int) {
	for _, id := range s.Checks {
		var rec checkRecord
		if err := ctx.LocalStorage().Get(checkKey("/lessons/"+s.Slug, id), &rec); err == nil && rec.Correct {
			passed++
		}
	}
	return passed
}

// resetProgress forgets every answer of every lesson in the index.
func resetProgress(ctx app.Context, idx lesson.Index) {
	for _, s := range idx.Lessons {
		for _, id := range s.Checks {
			ctx.LocalStorage().Del(checkKey("/lessons/"+s.Slug, id))
		}
	}
}

// lessonPathOf maps a lesson or lesson-embed path to the lesson's own path,
// so an answer given inside an embed counts for the lesson too.
func lessonPathOf(p string) string {
	if embedLessonRE.MatchString(p) || lessonRE.MatchString(p) {
		return "/lessons/" + SlugFromPath(p)
	}
	return p
}
