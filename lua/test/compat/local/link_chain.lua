-- A crash at the end of a linked chain takes the whole chain down; unlinked processes survive.
require 'concurrent'

local function tail()
    concurrent.receive()
    print('tail crashes')
    concurrent.exit('crash')
end

local function stage(name, nxt)
    concurrent.link(nxt)
    local m = concurrent.receive()
    print(name .. ' forwards ' .. m)
    concurrent.send(nxt, m)
    concurrent.receive()
    print(name .. ' is never woken by a message')
end

local function bystander()
    concurrent.receive(200)
    print('bystander survives')
end

local s2 = concurrent.spawn(stage, 'stage2', concurrent.spawn(tail))
local s1 = concurrent.spawn(stage, 'stage1', s2)
concurrent.spawn(bystander)
concurrent.send(s1, 'parcel')
concurrent.loop()
print('alive after the crash:', concurrent.isalive(s1), concurrent.isalive(s2))
