//go:build !wasm

package main

import (
	"fmt"
	"io"
	"os"

	"github.com/consensus-lab/playground/lessons"
)

// loadCourse compiles the lessons of dir, or the built-in course when dir
// is empty. Problems are printed one per line as file:line: message.
func loadCourse(dir string, stderr io.Writer) (*lessons.Course, error) {
	var (
		course *lessons.Course
		err    error
	)
	if dir == "" {
		course, err = lessons.Compile(lessons.Builtin, "lessons")
	} else {
		st, serr := os.Stat(dir)
		if serr != nil {
			return nil, fmt.Errorf("lessons folder: %w", serr)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("lessons folder: %s is not a folder", dir)
		}
		course, err = lessons.Compile(os.DirFS(dir), dir)
	}
	if ps, ok := err.(lessons.Problems); ok {
		for _, p := range ps {
			fmt.Fprintln(stderr, p.Error())
		}
		return nil, exitError(1)
	}
	return course, err
}

func checkCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	dir := fs.String("lessons", "", "folder of lessons to check (default: the built-in course)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	course, err := loadCourse(*dir, stderr)
	if err != nil {
		return err
	}
	widgets := 0
	for _, l := range course.Lessons {
		for _, b := range l.Blocks {
			if b.Widget != nil {
				widgets++
			}
		}
	}
	fmt.Fprintf(stdout, "ok: %d lessons, %d widgets\n", len(course.Lessons), widgets)
	return nil
}
