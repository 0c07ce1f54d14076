# luanode: `make demo` runs the thesis ping-pong, `make test` runs every test (Java and Erlang).
# Everything the build needs is found or installed here: a JDK >= 21 (scripts/find-jdk), Erlang/OTP
# and its JInterface in the local Maven repository (scripts/setup-erlang).
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
.DEFAULT_GOAL := build

JDK := $(shell scripts/find-jdk 2>/dev/null)
ifeq ($(JDK),)
$(error $(shell scripts/find-jdk 2>&1 >/dev/null))
endif
export JAVA_HOME := $(JDK)
export PATH := $(JDK)/bin:$(PATH)
export LUANODE_ROOT := $(CURDIR)

MVN := mvn -B -q -Dstyle.color=never
JAR := jnode/target/jnode.jar
# Made after the jar: the JDK it was built with (bin/jnode starts without looking for one) and the JVM's
# ahead-of-time cache (JEP 483), from a training run of jnode/src/aot/training.lua: the node's and LuaJ's
# classes loaded and linked at start (against session 11's class data sharing archive: bin/jnode -e ''
# 0.6 s -> 0.5 s, cold 100k spawns ~1.1x; used only while newer than the jar). Without the training's
# method profiles (JEP 515, -AOTRecordTraining): with them the JIT compiled LuaJ's arithmetic and tables
# for the training's mix of types, and plain Lua ran 1.3-1.6x longer (fannkuch, n-body).
STARTUP := jnode/target/java-home jnode/target/jnode.aot
SOURCES := $(shell find bridge/src/main jnode/src/main -type f 2>/dev/null) pom.xml bridge/pom.xml jnode/pom.xml

.PHONY: build setup test test-java test-lua test-erlang test-elixir test-interp test-otp demo bench clean install format

# The JInterface version of the installed OTP, installed into ~/.m2 on first use.
.build/jinterface-version: scripts/setup-erlang
	@mkdir -p .build
	@scripts/setup-erlang > $@.tmp && mv $@.tmp $@

setup: .build/jinterface-version
	@command -v erl >/dev/null && command -v rebar3 >/dev/null && command -v elixir >/dev/null && command -v lua5.1 >/dev/null && command -v openssl >/dev/null || { rm -f .build/jinterface-version; $(MAKE) --no-print-directory .build/jinterface-version; }

build: $(JAR) $(STARTUP)

$(JAR): .build/jinterface-version $(SOURCES)
	$(MVN) -Djinterface.version=$$(cat .build/jinterface-version) -DskipTests install
	@touch $@

jnode/target/java-home: $(JAR)
	@echo "$(JDK)" > $@

jnode/target/jnode.aot: $(JAR) jnode/src/aot/training.lua
	@rm -f $@; "$(JDK)/bin/java" -XX:AOTCacheOutput=$@ -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining -Xss16m -jar $(JAR) jnode/src/aot/training.lua >$@.log 2>&1 \
	  || { tail -5 $@.log; echo "make: no ahead-of-time cache (bin/jnode starts without it)"; rm -f $@; }

test: setup test-java test-lua test-erlang test-elixir

# Not quiet: Surefire's "Tests run: ..." summaries are how CI sees that tests ran. The sources must be
# formatted (spotless:check; `make format` formats them).
test-java: setup
	mvn -B --no-transfer-progress -Dstyle.color=never -Djinterface.version=$$(cat .build/jinterface-version) spotless:check install \
	  | grep -Ev '^\[INFO\] (Download|Copying|Building jar|Installing|--- |Replacing|Dependency-reduced|Including|Excluding)|^WARNING: '
	@touch $(JAR)

# The Lua 5.1 probes through the launcher, against C Lua (lua5.1).
test-lua: setup $(JAR) $(STARTUP)
	scripts/test-lua51

# The suites' Erlang node and every node they start share a private port mapper (jnode's own, on a
# free port), so they neither need nor disturb an epmd on 4369; it is stopped afterwards, pass or fail.
test-erlang: setup $(JAR) $(STARTUP)
	@port=$$(erl -noshell -eval '{ok,S}=gen_tcp:listen(0,[]),{ok,P}=inet:port(S),io:format("~p",[P]),halt().'); \
	bin/jnode epmd -daemon -relaxed_command_check -port $$port || exit 1; \
	ERL_EPMD_PORT=$$port rebar3 ct $(CT_ARGS); status=$$?; \
	bin/jnode epmd -port $$port -kill >/dev/null; exit $$status

# The ExUnit example (examples/elixir): an Elixir node starts a Lua node with luanode_peer and calls it.
test-elixir: setup $(JAR) $(STARTUP)
	@command -v elixir >/dev/null || { echo "test-elixir: elixir is not installed; skipped"; exit 0; }; \
	mkdir -p .build/elixir-ebin && erlc -o .build/elixir-ebin erlang/luanode/src/luanode_peer.erl || exit 1; \
	port=$$(erl -noshell -eval '{ok,S}=gen_tcp:listen(0,[]),{ok,P}=inet:port(S),io:format("~p",[P]),halt().'); \
	bin/jnode epmd -daemon -relaxed_command_check -port $$port || exit 1; \
	ERL_EPMD_PORT=$$port elixir --sname luanode_ex --cookie luanode_elixir -pa .build/elixir-ebin examples/elixir/luanode_test.exs; \
	status=$$?; bin/jnode epmd -port $$port -kill >/dev/null; exit $$status

# Lua runs compiled to JVM classes by default; this runs the tests that run Lua again on LuaJ's interpreter
# (-Dluanode.lua=interp): the runtime's JUnit tests, the Lua 5.1 probes, the Erlang suites and the ExUnit
# example, whose Lua nodes get the option through JNODE_JAVA_OPTS. CI runs it after make test.
test-interp: setup $(JAR) $(STARTUP)
	mvn -B --no-transfer-progress -Dstyle.color=never -Djinterface.version=$$(cat .build/jinterface-version) -Dluanode.lua=interp -pl jnode test \
	  | grep -Ev '^\[INFO\] (Download|Copying|Building jar|Installing|--- |Replacing|Dependency-reduced|Including|Excluding)|^WARNING: '
	JNODE_JAVA_OPTS="$${JNODE_JAVA_OPTS:-} -Dluanode.lua=interp" scripts/test-lua51
	JNODE_JAVA_OPTS="$${JNODE_JAVA_OPTS:-} -Dluanode.lua=interp" $(MAKE) --no-print-directory test-erlang test-elixir

# The Erlang suites and the ExUnit example against OTP 27 / Elixir 1.18 (Debian trixie) and OTP 29 /
# Elixir 1.20 (sid), each in a chroot under .build/chroots (needs root; about 1.5 minutes to make each
# chroot the first time, 2 to run). CI runs it after make test.
test-otp: setup $(JAR) $(STARTUP)
	scripts/test-otp $(OTP_RELEASES)

demo: setup $(JAR) $(STARTUP)
	scripts/demo

bench: setup $(JAR) $(STARTUP)
	scripts/bench

format:
	$(MVN) -Djinterface.version=$$(cat .build/jinterface-version) spotless:apply

clean:
	$(MVN) clean
	rm -rf .build _build

# Puts `jnode` on PATH (PREFIX/bin), so `jnode script.lua` works like `lua script.lua`.
PREFIX ?= /usr/local
install: $(JAR)
	ln -sf $(CURDIR)/bin/jnode $(PREFIX)/bin/jnode
