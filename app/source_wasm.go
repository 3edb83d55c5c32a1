//go:build wasm

package app

import (
	"encoding/json"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/consensus-lab/playground/app/kit"

	"github.com/consensus-lab/playground/lessons/lesson"
)

// Fetched files are kept for the life of the page: lessons are small and a
// learner moving back and forth should not wait twice.
var (
	indexCache  *lesson.Index
	lessonCache = map[string]*lesson.Lesson{}
)

func loadIndex(ctx app.Context, done func(lesson.Index, loadState)) {
	if indexCache != nil {
		done(*indexCache, loaded)
		return
	}
	fetchText(kit.Href(lesson.IndexPath), func(body string, status int, err error) {
		ctx.Dispatch(func(app.Context) {
			var idx lesson.Index
			switch {
			case err != nil:
				done(idx, failed)
			case status != 200:
				done(idx, missing)
			case json.Unmarshal([]byte(body), &idx) != nil:
				done(idx, failed)
			default:
				indexCache = &idx
				done(idx, loaded)
			}
		})
	})
}

func loadLesson(ctx app.Context, slug string, done func(*lesson.Lesson, loadState)) {
	if l, ok := lessonCache[slug]; ok {
		done(l, loaded)
		return
	}
	fetchText(kit.Href(lesson.DataPath(slug)), func(body string, status int, err error) {
		ctx.Dispatch(func(app.Context) {
			var l lesson.Lesson
			switch {
			case err != nil:
				done(nil, failed)
			case status == 404:
				done(nil, missing)
			case status != 200, json.Unmarshal([]byte(body), &l) != nil:
				done(nil, failed)
			default:
				lessonCache[slug] = &l
				done(&l, loaded)
			}
		})
	})
}

// fetchText uses the browser's fetch rather than net/http, which would add
// hundreds of kilobytes to the download for one GET.
func fetchText(url string, done func(body string, status int, err error)) {
	var onResponse, onText, onError app.Func
	release := func() {
		onResponse.Release()
		onText.Release()
		onError.Release()
	}
	status := 0
	onError = app.FuncOf(func(_ app.Value, args []app.Value) any {
		msg := "fetch failed"
		if len(args) > 0 && args[0].Truthy() {
			msg = args[0].Call("toString").String()
		}
		release()
		done("", 0, fetchError(msg))
		return nil
	})
	onText = app.FuncOf(func(_ app.Value, args []app.Value) any {
		release()
		done(args[0].String(), status, nil)
		return nil
	})
	onResponse = app.FuncOf(func(_ app.Value, args []app.Value) any {
		status = args[0].Get("status").Int()
		args[0].Call("text").Call("then", onText, onError)
		// Return nothing: a go-app Value is not a syscall/js value, and
		// returning one panics in the callback bridge.
		return nil
	})
	app.Window().Call("fetch", url).Call("then", onResponse, onError)
}

type fetchError string

func (e fetchError) Error() string { return string(e) }
