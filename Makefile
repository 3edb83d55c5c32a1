# The playground's build. `make run` and `make test` are all a newcomer needs.
# Build outputs (web/gen/*.wasm*, bin/, dist/) are never committed.

GO        ?= go
ADDR      ?= 127.0.0.1:8080
WASM_EXEC := $(shell $(GO) env GOROOT)/lib/wasm/go_js_wasm_exec
GEN       := web/gen
# The wasm files, the program and go build flags of each, are listed in
# one place, cmd/playground/internal/wasmbuild; makewasm builds them.
MAKEWASM  := $(GO) run ./cmd/playground/internal/makewasm
WASM      := $(addprefix $(GEN)/,$(shell $(MAKEWASM) -list))
# Written by make wasm, never committed: it embeds the wasm in the binary.
EMBED     := web/wasm_embed.go
# The twins' compression: best for what is published (build, dist,
# release, size), fastest for the tests, where their size is not under test
# (figures in cmd/playground/internal/compress).
COMPRESS  ?= best
JOBS      ?= $(shell nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2)
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
RELEASE_PLATFORMS ?= linux/amd64 linux/arm64 darwin/arm64 windows/amd64
# One browser app with every widget: moving between lessons never reloads.
APP       := app.wasm

# Sources that change what goes into each wasm.
GO_SOURCES := $(shell find app cmd engine lessons wasm web -name '*.go' -not -name '*_test.go' -not -path '$(EMBED)' 2>/dev/null) go.mod go.sum

.PHONY: all run test test-unit test-wasm test-browser build dist bench size lint wasm axe lms release clean FORCE
.DELETE_ON_ERROR:

all: build

## run: build everything and serve the playground on http://$(ADDR)/
run: build
	./bin/playground serve --addr $(ADDR)

## wasm: the browser app and the workers, with .br and .gz twins, $(JOBS) at a time
wasm:
	@$(MAKE) --no-print-directory -j$(JOBS) $(EMBED)

$(EMBED): $(WASM)
	$(MAKEWASM) -embed $@

$(GEN)/%.wasm: $(GO_SOURCES) $(GEN)/.compress
	$(MAKEWASM) -level $(COMPRESS) $@

# The level of the twins on disk: best twins do for any level, others are
# rebuilt when best is asked for.
$(GEN)/.compress: FORCE
	@mkdir -p $(GEN)
	@if [ ! -f $@ ] || { [ "$(COMPRESS)" = best ] && [ "$$(cat $@)" != best ]; }; then echo $(COMPRESS) > $@; fi

## build: bin/playground, self-contained (wasm and lessons embedded)
build: wasm
	$(GO) build -trimpath -ldflags="-X main.version=$(VERSION)" -o bin/playground ./cmd/playground

## release: bin/release/playground_VERSION_OS_ARCH.tar.gz (.zip for windows) with the wasm embedded, and SHA256SUMS
release: wasm
	$(GO) run ./cmd/playground/internal/release -version $(VERSION) -out bin/release $(RELEASE_PLATFORMS)

## dist: the static site in dist/
dist: build
	rm -rf dist
	./bin/playground build --out dist

## lms: the LMS run-time (scorm-again, pinned in its package-lock.json) the SCORM browser tests host
LMS_DIR := cmd/playground/testdata/lms
lms: $(LMS_DIR)/node_modules/.package-lock.json

$(LMS_DIR)/node_modules/.package-lock.json: $(LMS_DIR)/package.json $(LMS_DIR)/package-lock.json
	cd $(LMS_DIR) && npm ci --ignore-scripts --no-audit --no-fund


## axe: axe-core for the accessibility browser test, pinned by its package-lock.json
AXE_DIR := cmd/playground/testdata/axe
axe: $(AXE_DIR)/node_modules/axe-core/axe.min.js

$(AXE_DIR)/node_modules/axe-core/axe.min.js: $(AXE_DIR)/package.json $(AXE_DIR)/package-lock.json
	npm ci --prefix $(AXE_DIR) --ignore-scripts --no-audit --no-fund
	@touch $@

## test: every test (unit, engine under js/wasm in Node, real browser)
test: axe lms
	$(MAKE) --no-print-directory wasm COMPRESS=fastest
	$(GO) vet ./...
	REQUIRE_WASM=1 $(GO) test -count=1 -timeout 60m ./...
	$(MAKE) test-wasm

test-wasm:
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$(WASM_EXEC)" ./engine/... ./app/sandbox/... ./app/orders/desk/...

## bench: Go benchmarks natively and in Node wasm, the browser benchmarks, and the sandbox API orders/s (memory and Redis, one and two processes)
bench: wasm
	@mkdir -p .cache
	$(GO) test -run='^$$' -bench=. -benchtime=1s ./engine/... | tee .cache/bench-native.txt
	GOOS=js GOARCH=wasm $(GO) test -run='^$$' -bench=. -benchtime=1s -exec="$(WASM_EXEC)" ./engine/pow/... | tee .cache/bench-wasm.txt
	$(GO) run ./cmd/playground/internal/benchratio .cache/bench-native.txt .cache/bench-wasm.txt
	$(GO) test -count=1 -run='^TestBench' -v ./cmd/playground/ -bench-browser -bench-api
	$(MAKE) size

## size: what the wasm builds weigh next to an empty go-app client, and app.wasm's code per package
size: wasm
	@mkdir -p .cache
	GOOS=js GOARCH=wasm $(GO) build -trimpath -gcflags=all=-l -o .cache/app-names.wasm ./cmd/playground
	GOOS=js GOARCH=wasm $(GO) build $(shell $(MAKEWASM) -flags $(APP)) -o .cache/floor.wasm ./cmd/playground/internal/wasmsize/testdata/floor
	$(GO) run ./cmd/playground/internal/wasmsize -named .cache/app-names.wasm \
		-budget app.wasm=1.8/2.4 -budget miner.wasm=0.6 \
		$(WASM) .cache/floor.wasm

## lint: gofmt, go vet (native and js/wasm), staticcheck
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./app/... ./engine/... ./wasm/... ./cmd/playground
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

clean:
	rm -rf bin dist $(GEN) $(EMBED)
