-- Three stages hand work down a chain; a send never passes control, so each stage prints its
-- own line before the stage it woke runs.
require 'concurrent'

local function last(count)
    for i = 1, count do
        concurrent.receive()
        print('last stage done with item ' .. i)
    end
    print('last stage ends')
end

local function middle(nxt)
    while concurrent.isalive(nxt) do
        local item = concurrent.receive(300)
        if item then
            print('middle stage got ' .. item)
            concurrent.send(nxt, item)
            print('middle stage passed ' .. item)
        end
    end
    print('middle stage ends')
end

local function first(nxt)
    for _, item in ipairs({ 'a', 'b', 'c' }) do
        concurrent.send(nxt, item)
        print('first stage sent ' .. item)
    end
    print('first stage ends')
end

local m = concurrent.spawn(middle, concurrent.spawn(last, 2))
concurrent.spawn(first, m)
concurrent.loop()
