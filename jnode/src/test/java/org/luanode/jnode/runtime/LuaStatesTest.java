package org.luanode.jnode.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lua on several states (jnode --states K): each state its own globals and modules; processes started
 * by module and function name land in a state; messages, links, monitors and names cross states as
 * between nodes, with Erlang terms.
 */
class LuaStatesTest {
    @TempDir
    Path modules;

    /** The module the tests start processes from, found in every state. */
    private static final String WORKER = """
            local concurrent = require 'concurrent'
            loads = (loads or 0) + 1 -- a global of the state that loaded this module
            local M = {}
            function M.report(to, tag)
                concurrent.send(to, {tag = tag, state = concurrent.state(), loads = loads,
                                     marker = tostring(rawget(_G, 'marker'))})
            end
            function M.reportandwait(to, tag)
                M.report(to, tag)
                concurrent.receive()
            end
            function M.echo()
                local m = concurrent.receive()
                concurrent.send(m.from, {state = concurrent.state(), body = m.body})
            end
            function M.serve(name)
                concurrent.register(name, concurrent.self())
                while true do
                    local m = concurrent.receive()
                    if m.stop then return end
                    concurrent.send(m.from, {answer = m.question * 2, state = concurrent.state()})
                end
            end
            function M.shout(to)
                local ok, shouted = pcall(function() return ('x'):shout() end)
                concurrent.send(to, {ok = ok, shouted = ok and shouted or 'none', rep = ('ab'):rep(2)})
            end
            function M.probe(to)
                local r = {}
                for _, name in ipairs({'os', 'io', 'debug', 'luajava', 'load', 'loadstring', 'dofile'}) do
                    r[#r + 1] = name .. '=' .. type(rawget(_G, name))
                end
                r[#r + 1] = 'os.time=' .. type(os and os.time) .. ' os.exit=' .. type(os and os.exit)
                r[#r + 1] = 'heap=' .. tostring(concurrent.getoption('max_heap_size'))
                local ok, err = pcall(concurrent.setoption, 'max_heap_size', 0)
                r[#r + 1] = 'unlimit=' .. tostring(ok) .. (ok and '' or ' (' .. err .. ')')
                concurrent.send(to, table.concat(r, ' '))
            end
            function M.crash(why) error(why) end
            function M.waitforever() concurrent.receive() end
            function M.spin() while true do end end
            return M
            """;

    private LuaHost.Result run(int states, String code) throws Exception {
        return run(states, List.of(), code);
    }

    private LuaHost.Result run(int states, List<String> restrictions, String code) throws Exception {
        return run(states, restrictions, runtime -> {}, code);
    }

    private LuaHost.Result run(
            int states, List<String> restrictions, java.util.function.Consumer<NodeRuntime> beforeRun, String code)
            throws Exception {
        Files.writeString(modules.resolve("worker.lua"), WORKER);
        StateLimits[] limits = StateLimits.parse(restrictions, states);
        return LuaHost.run(LuaHost.MODE, limits, 20, runtime -> {
            runtime.addToPath(modules.toString());
            beforeRun.accept(runtime);
            runtime.globals().load(code, "test").call();
        });
    }

    @Test
    void eachStateHasItsOwnGlobalsAndModules() throws Exception {
        LuaHost.Result r = run(2, """
                require 'concurrent'
                marker = 'main'
                local w = require 'worker'
                w.report(concurrent.self(), 'here')
                concurrent.spawn({state = 2}, 'worker', 'report', concurrent.self(), 'there')
                concurrent.spawn({state = 2}, 'worker', 'report', concurrent.self(), 'there again')
                for i = 1, 3 do
                    local m = concurrent.receive()
                    print(m.tag, m.state, m.loads, m.marker)
                end
                print(concurrent.states(), concurrent.state())
                """);
        assertThat(r.normal()).as(r.toString()).isTrue();
        // the module loads once per state; the main script's globals stay in the first state
        assertThat(r.output()).isEqualTo("here\t1\t1\tmain\nthere\t2\t1\tnil\nthere again\t2\t1\tnil\n2\t1\n");
    }

    @Test
    void stringMethodsAreTheStatesOwn() throws Exception {
        // LuaJ has one string metatable for the JVM; each state has its own string table behind it here
        LuaHost.Result r = run(2, """
                require 'concurrent'
                function string.shout(s) return s:upper() .. '!' end
                print(('hi'):shout())
                concurrent.spawn({state = 2}, 'worker', 'shout', concurrent.self())
                local m = concurrent.receive()
                print(m.ok, m.shouted, m.rep)
                concurrent.spawn({state = 1}, 'worker', 'shout', concurrent.self())
                m = concurrent.receive()
                print(m.ok, m.shouted, m.rep)
                """);
        assertThat(r.normal()).as(r.toString()).isTrue();
        assertThat(r.output()).isEqualTo("HI!\nfalse\tnone\tabab\ntrue\tX!\tabab\n");
    }

    @Test
    void aRestrictedStateLacksTheLibrariesTakenAwayAndKeepsItsBudgets() throws Exception {
        LuaHost.Result r = run(2, List.of("2:os,io,debug,luajava,load,heap=5e6,ticks=2e6"), """
                require 'concurrent'
                concurrent.spawn({state = 1}, 'worker', 'probe', concurrent.self())
                print(concurrent.receive())
                concurrent.spawn({state = 2}, 'worker', 'probe', concurrent.self())
                print(concurrent.receive())
                -- a busy loop runs out of its instruction budget; its state and the node go on
                local p, ref = concurrent.spawnmonitor({state = 2}, 'worker', 'spin')
                print(concurrent.receive().reason)
                concurrent.spawn({state = 2}, 'worker', 'report', concurrent.self(), 'after')
                print(concurrent.receive().tag)
                """);
        assertThat(r.normal()).as(r.toString()).isTrue();
        assertThat(r.output()).isEqualTo("""
                os=table io=table debug=table luajava=table load=function loadstring=function dofile=function \
                os.time=function os.exit=function heap=0 unlimit=true
                os=table io=nil debug=nil luajava=nil load=nil loadstring=nil dofile=nil \
                os.time=function os.exit=nil heap=5000000 unlimit=false (max_heap_size is capped at 5000000 bytes \
                in this Lua state (--restrict))
                instruction_budget
                after
                """);
    }

    @Test
    void aFatalErrorRestartsItsStateAndTheNodeGoesOn() throws Exception {
        // a JVM internal error (as out of memory would be) in a process of state 2: every process of state 2
        // ends with state_restarted, the state is built anew (its globals and modules gone), the node goes on
        LuaHost.Result r = run(
                2,
                List.of(),
                runtime -> runtime.globals(1).set("fatal", new org.luaj.vm2.lib.ZeroArgFunction() {
                    @Override
                    public org.luaj.vm2.LuaValue call() {
                        throw new InternalError("a fatal error, for the test");
                    }
                }),
                """
                require 'concurrent'
                local me = concurrent.self()
                concurrent.spawn({state = 2}, 'worker', 'report', me, 'before')
                print(concurrent.receive().loads)
                local waiting, wref = concurrent.spawnmonitor({state = 2}, 'worker', 'waitforever')
                local here, href = concurrent.spawnmonitor(function() concurrent.receive() end)
                local doomed, ref = concurrent.spawnmonitor({state = 2}, '_G', 'fatal')
                local downs = {}
                for i = 1, 2 do
                    local d = concurrent.receive()
                    downs[d.ref == ref and 'fatal' or d.ref == wref and 'waiting' or 'other'] = d.reason
                end
                print(downs.fatal, downs.waiting, downs.other)
                concurrent.spawn({state = 2}, 'worker', 'report', me, 'after')
                print(concurrent.receive().loads)
                print(concurrent.isprocessalive(here))
                local _, again = concurrent.spawnmonitor({state = 2}, '_G', 'fatal') -- gone with the old state
                print((tostring(concurrent.receive().reason):match('undefined function _G.fatal/0')))
                concurrent.exit(here, 'kill')
                """);
        assertThat(r.normal()).as(r.toString()).isTrue();
        assertThat(r.output())
                .isEqualTo("1\nstate_restarted\tstate_restarted\tnil\n1\ntrue\nundefined function _G.fatal/0\n");
    }

    @Test
    void messagesBetweenStatesAreErlangTerms() throws Exception {
        LuaHost.Result r = run(2, """
                require 'concurrent'
                local e = concurrent.spawn({state = 2}, 'worker', 'echo')
                local body = {list = {1, 2, 3}, nested = {a = {b = 'c'}}, tuple = erlang.tuple('ok', 1),
                              atom = erlang.atom('yes'), pid = concurrent.self()}
                concurrent.send(e, {from = concurrent.self(), body = body})
                local m = concurrent.receive()
                print(m.state, #m.body.list, m.body.nested.a.b, erlang.type(m.body.tuple),
                      m.body.atom == erlang.atom('yes'), m.body.pid == concurrent.self(), m.body ~= body)
                -- a function belongs to its state: it cannot cross, as it cannot go to another node
                local e2 = concurrent.spawn({state = 2}, 'worker', 'echo')
                print(pcall(concurrent.send, e2, {from = concurrent.self(), body = print}))
                """);
        assertThat(r.normal()).as(r.toString()).isTrue();
        assertThat(r.output()).startsWith("2\t3\tc\ttuple\ttrue\ttrue\ttrue\nfalse\t");
        assertThat(r.output()).contains("function");
    }

    @Test
    void processesAreStartedInTheStateAskedForOrTheLeastLoaded() throws Exception {
        LuaHost.Result r = run(3, """
                require 'concurrent'
                local me = concurrent.self()
                concurrent.spawn({state = 3}, 'worker', 'reportandwait', me, 'three')
                print(concurrent.receive().state)
                local function wait() concurrent.receive() end
                for i = 1, 2 do
                    concurrent.spawn({state = 2}, 'worker', 'waitforever')
                    concurrent.spawn(wait)
                end
                -- processes: 3 in state 1, 2 in state 2, 1 in state 3: 'any' takes the one with fewest
                concurrent.spawn({state = 'any'}, 'worker', 'reportandwait', me, 'any')
                print(concurrent.receive().state)
                -- now 3, 2 and 2: the first of those with fewest; no state given means 'any'
                concurrent.spawn({}, 'worker', 'reportandwait', me, 'default')
                print(concurrent.receive().state)
                print(concurrent.spawn({state = 4}, 'worker', 'report'))
                print(concurrent.spawn({state = 'near'}, 'worker', 'report'))
                print(concurrent.spawn({state = 2}, print))
                -- a function value stays in its spawner's state
                concurrent.spawn({state = 3}, 'worker', 'waitforever')
                concurrent.spawn(function() require('worker').report(me, 'child') end)
                print(concurrent.receive().state)
                os.exit(0)
                """);
        assertThat(r.output()).isEqualTo("""
                3
                3
                2
                nil\tspawn: no Lua state 4 (this node has 3)
                nil\tspawn: state must be a state number or 'any', got near
                nil\tspawn: module and function names expected after the options
                1
                """);
    }

    @Test
    void linksMonitorsAndNamesWorkAcrossStates() throws Exception {
        LuaHost.Result r = run(2, """
                require 'concurrent'
                local pid, ref = concurrent.spawnmonitor({state = 2}, 'worker', 'crash', {code = 7})
                local down = concurrent.receive()
                print(down.signal, down.from == pid, down.ref == ref, down.reason.code)
                local missing = concurrent.spawnmonitor({state = 2}, 'nosuch', 'f')
                print(concurrent.receive().reason)
                concurrent.setoption('trapexit', true)
                local linked = concurrent.spawnlink({state = 2}, 'worker', 'crash', 'linked')
                local exit = concurrent.receive()
                print(exit.signal, exit.from == linked, (tostring(exit.reason):match('linked')))
                concurrent.spawn({state = 2}, 'worker', 'serve', 'doubler')
                while not concurrent.whereis('doubler') do concurrent.sleep(1) end
                concurrent.send('doubler', {from = concurrent.self(), question = 21})
                local a = concurrent.receive()
                print(a.answer, a.state)
                concurrent.send('doubler', {stop = true})
                """);
        assertThat(r.normal()).as(r.toString()).isTrue();
        assertThat(r.output()).isEqualTo("""
                DOWN\ttrue\ttrue\t7
                undefined function nosuch.f/0
                EXIT\ttrue\tlinked
                42\t2
                """);
    }

    @Test
    void aBusyStateDoesNotStopTheOthers() throws Exception {
        LuaHost.Result r = run(2, """
                require 'concurrent'
                local spinner = concurrent.spawn({state = 2}, 'worker', 'spin')
                local e = concurrent.spawn({state = 2}, 'worker', 'echo') -- shares the state with the spinner
                concurrent.send(e, {from = concurrent.self(), body = 'still answered'})
                print(concurrent.receive().body)
                concurrent.exit(spinner, 'kill')
                local s = 0
                for i = 1, 1e6 do s = s + i end
                print(s)
                """);
        assertThat(r.normal()).as(r.toString()).isTrue();
        assertThat(r.output()).isEqualTo("still answered\n500000500000\n");
    }
}
