//go:build !wasm

package app

import (
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/lessons/lesson"
)

var (
	courseMu sync.RWMutex
	course   Course
)

// SetCourse gives the server-side pre-renderer its lessons.
func SetCourse(c Course) {
	courseMu.Lock()
	course = c
	courseMu.Unlock()
}

func current() Course {
	courseMu.RLock()
	defer courseMu.RUnlock()
	return course
}

func loadIndex(_ app.Context, done func(lesson.Index, loadState)) {
	c := current()
	if c == nil {
		done(lesson.Index{}, failed)
		return
	}
	done(c.Index(), loaded)
}

func loadLesson(_ app.Context, slug string, done func(*lesson.Lesson, loadState)) {
	c := current()
	if c == nil {
		done(nil, failed)
		return
	}
	l, ok := c.Lesson(slug)
	if !ok {
		done(nil, missing)
		return
	}
	done(l, loaded)
}
