-- Lua 5.1's function environments on LuaJ (Lua 5.2): setfenv, getfenv, module and package.seeall.
-- In 5.2 a function's globals are its upvalue named _ENV. getfenv reads it; setfenv gives the function
-- an _ENV of its own holding the new table (debug.upvaluejoin onto a fresh closure's upvalue), so other
-- closures that shared the old one are not changed, as in 5.1. Level 0 (the thread's environment) and
-- functions written in Java have no environment to set here: setfenv raises 5.1's error for them.

local getupvalue, upvaluejoin, getinfo = debug.getupvalue, debug.upvaluejoin, debug.getinfo
local G = _G

-- The index of f's _ENV upvalue, or nil (a function that uses no global, or one written in Java).
local function envslot(f)
    local i = 1
    while true do
        local name = getupvalue(f, i)
        if name == '_ENV' then return i end
        if name == nil then return nil end
        i = i + 1
    end
end

-- The function meant by a function or a stack level (1: the caller of getfenv/setfenv).
local function target(f, fname)
    if type(f) == 'function' then return f end
    local level = f == nil and 1 or tonumber(f)
    if level == nil or level < 0 then
        error("bad argument #1 to '" .. fname .. "' (number expected, got " .. type(f) .. ")", 3)
    end
    if level == 0 then return nil end
    local info = getinfo(level + 2, 'f')
    if info == nil then error("bad argument #1 to '" .. fname .. "' (invalid level)", 3) end
    return info.func
end

function getfenv(f)
    local fn = target(f, 'getfenv')
    if fn == nil then return G end
    local slot = envslot(fn)
    if slot == nil then return G end
    local _, env = getupvalue(fn, slot)
    return env
end

function setfenv(f, t)
    if type(t) ~= 'table' then
        error("bad argument #2 to 'setfenv' (table expected, got " .. type(t) .. ")", 2)
    end
    local fn = target(f, 'setfenv')
    local slot = fn and envslot(fn)
    if slot == nil then
        -- a Lua function that uses no global has nothing to change; one written in Java (LuaJ says
        -- so by its source, '=[Java]', not by 'what') has no environment
        if fn and getinfo(fn, 'S').source ~= '=[Java]' then return fn end
        error("'setfenv' cannot change environment of given object", 2)
    end
    upvaluejoin(fn, slot, function() return t end, 1)
    return fn
end

-- module(name, ...): the table package.loaded[name] (made, and reachable as the global name, dotted
-- names as nested tables), with _NAME, _M and _PACKAGE, each option applied to it, and made the
-- environment of the calling chunk.
function module(name, ...)
    if type(name) ~= 'string' then
        error("bad argument #1 to 'module' (string expected, got " .. type(name) .. ")", 2)
    end
    local m = package.loaded[name]
    if type(m) ~= 'table' then
        local scope = G
        for part, dot in name:gmatch('([^.]+)(%.?)') do
            local next = rawget(scope, part)
            if next == nil then
                next = {}
                rawset(scope, part, next)
            elseif type(next) ~= 'table' then
                error("name conflict for module '" .. name .. "'", 2)
            end
            scope = next
        end
        m = scope
        package.loaded[name] = m
    end
    if m._NAME == nil then
        m._M = m
        m._NAME = name
        m._PACKAGE = name:match('^(.*%.)') or ''
    end
    for i = 1, select('#', ...) do (select(i, ...))(m) end
    local caller = getinfo(2, 'f').func
    local slot = envslot(caller)
    if slot then upvaluejoin(caller, slot, function() return m end, 1) end
end

function package.seeall(m)
    local mt = getmetatable(m)
    if mt == nil then
        mt = {}
        setmetatable(m, mt)
    end
    mt.__index = G
end

if package.loaders == nil then package.loaders = package.searchers end
