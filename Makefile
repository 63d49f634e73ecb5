# Bantu - offline case management for a Cooperatives & SME Office.
# `make run` builds and opens Bantu on a demo database; `make check` runs every test.
# Missing Debian packages are installed by scripts/deps.sh (as root, or with sudo).

VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share
MANPREFIX ?= $(DATADIR)/man
LOCALEDIR ?= $(DATADIR)/locale
DESTDIR   ?=
PKG_CONFIG ?= pkg-config
CC        ?= cc

BUILD ?= build
SAN   ?=
PKGS   = ncursesw sqlite3 yaml-0.1 libsodium xlsxwriter

# Recursively expanded: pkg-config runs only after the deps step installed its packages.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lformw -lmenuw -lpanelw
TEST_LIBS  = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

WARN    = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla
ifeq ($(CI),true)
WARN   += -Werror
endif
OPT    ?= -O2 -g
CFLAGS ?= $(OPT)
ifeq ($(SAN),1)
CFLAGS  = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(PKG_CFLAGS) -Isrc \
	-DBANTU_VERSION='"$(VERSION)"' -DLOCALEDIR='"$(LOCALEDIR)"' -MMD -MP

LIB_SRC  = $(wildcard src/core/*.c src/store/*.c src/model/*.c src/sync/*.c src/report/*.c)
APP_SRC  = $(filter-out src/tui/gen-man-keys.c,$(wildcard src/tui/*.c src/screens/*.c src/cli/*.c)) src/main.c
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/src/core/embed.o
APP_OBJ  = $(APP_SRC:%.c=$(BUILD)/%.o)
TEST_SRC = $(wildcard tests/unit/test_*.c)
TEST_BIN = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
MO       = $(BUILD)/locale/id/LC_MESSAGES/bantu.mo
DEPS_STAMP = build/.deps-ok

.PHONY: all deps run check test-unit install uninstall clean bench man pot san valgrind

all: $(BUILD)/bantu $(MO) $(BUILD)/gen-man-keys

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/deps.sh
	@mkdir -p build
	@sh scripts/deps.sh
	@touch $@

$(BUILD)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/src/core/embed.o: src/core/embed.S config/bantu.yaml data/wilayah/indonesia-2025.csv
	@mkdir -p $(dir $@)
	$(CC) -I. -c src/core/embed.S -o $@

$(BUILD)/libbantu.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/bantu: $(APP_OBJ) $(BUILD)/libbantu.a
	$(CC) $(LDFLAGS) -o $@ $(APP_OBJ) $(BUILD)/libbantu.a $(PKG_LIBS) -lm

# The man page's key table comes from the TUI's action table (src/tui/action.h).
$(BUILD)/gen-man-keys: $(BUILD)/src/tui/gen-man-keys.o $(BUILD)/src/tui/action.o $(BUILD)/libbantu.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

man: $(BUILD)/gen-man-keys $(BUILD)/bantu
	sh scripts/man-keys.sh $(BUILD)/gen-man-keys man/bantu.1 > man/bantu.1.tmp
	mv man/bantu.1.tmp man/bantu.1
	sh scripts/man-roles.sh $(BUILD)/bantu man/bantu.1 > man/bantu.1.tmp
	mv man/bantu.1.tmp man/bantu.1

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libbantu.a | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests $(LDFLAGS) -o $@ $< $(BUILD)/libbantu.a $(PKG_LIBS) $(TEST_LIBS) -lm

# Translations are kept per module in po/id/*.po and joined here.
PO_SRC = $(sort $(wildcard po/id/*.po))
$(MO): $(PO_SRC) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	msgcat --use-first -o $(BUILD)/id.po $(PO_SRC)
	msgfmt --check -o $@ $(BUILD)/id.po

tests: $(TEST_BIN)

# An ASan+UBSan build of the binary and the unit tests, in build-san/.
san:
	$(MAKE) BUILD=build-san SAN=1 all tests

run: all
	@if [ ! -f build/demo.db ]; then \
		rm -f build/demo.db-wal build/demo.db-shm; \
		$(BUILD)/bantu --db build/demo.db init --office 18 --name "Dinas KUMKM Provinsi Lampung" && \
		$(BUILD)/bantu --db build/demo.db demo --umkm 1683 --koperasi 80; fi
	$(BUILD)/bantu --db build/demo.db

check: all tests
	$(MAKE) san
	@sh tests/run.sh $(BUILD) build-san

# The unit and command-line tests under valgrind (memcheck, full leak check):
# fails on any error or definite leak (tests/valgrind.sh). VALGRIND_SUITES limits
# it to suites whose names contain one of its words (CI: see .ci/run).
VALGRIND_SUITES ?=
valgrind: all tests
	@sh tests/valgrind.sh $(BUILD) $(VALGRIND_SUITES)

bench: all
	@sh bench/run.sh $(BUILD)

pot:
	xgettext --keyword=_ --keyword=N_ --keyword=ngettext:1,2 --from-code=UTF-8 --add-comments=TRANSLATORS \
		--package-name=bantu -o po/bantu.pot $(sort $(LIB_SRC) $(APP_SRC))

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 \
		$(DESTDIR)$(LOCALEDIR)/id/LC_MESSAGES $(DESTDIR)$(DATADIR)/bantu \
		$(DESTDIR)$(DATADIR)/doc/bantu
	install -m 755 $(BUILD)/bantu $(DESTDIR)$(BINDIR)/bantu
	install -m 644 man/bantu.1 $(DESTDIR)$(MANPREFIX)/man1/bantu.1
	install -m 644 $(MO) $(DESTDIR)$(LOCALEDIR)/id/LC_MESSAGES/bantu.mo
	install -m 644 config/bantu.yaml $(DESTDIR)$(DATADIR)/bantu/bantu.yaml
	install -m 644 data/wilayah/NOTICE.md $(DESTDIR)$(DATADIR)/doc/bantu/NOTICE-wilayah.md

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/bantu $(DESTDIR)$(MANPREFIX)/man1/bantu.1 \
		$(DESTDIR)$(LOCALEDIR)/id/LC_MESSAGES/bantu.mo \
		$(DESTDIR)$(DATADIR)/bantu/bantu.yaml $(DESTDIR)$(DATADIR)/doc/bantu/NOTICE-wilayah.md
	-rmdir $(DESTDIR)$(DATADIR)/bantu $(DESTDIR)$(DATADIR)/doc/bantu 2>/dev/null

clean:
	rm -rf build/bantu build/src build/tests build/locale build/libbantu.a build-san

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
