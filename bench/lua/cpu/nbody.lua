-- Floating point and field access: a five-body gravity simulation.
local pi = math.pi
local solarmass = 4 * pi * pi
local dpy = 365.24
local bodies = {
  {x = 0, y = 0, z = 0, vx = 0, vy = 0, vz = 0, mass = solarmass},
  {x = 4.84143144246472090e+00, y = -1.16032004402742839e+00, z = -1.03622044471123109e-01,
   vx = 1.66007664274403694e-03 * dpy, vy = 7.69901118419740425e-03 * dpy, vz = -6.90460016972063023e-05 * dpy,
   mass = 9.54791938424326609e-04 * solarmass},
  {x = 8.34336671824457987e+00, y = 4.12479856412430479e+00, z = -4.03523417114321381e-01,
   vx = -2.76742510726862411e-03 * dpy, vy = 4.99852801234917238e-03 * dpy, vz = 2.30417297573763929e-05 * dpy,
   mass = 2.85885980666130812e-04 * solarmass},
  {x = 1.28943695621391310e+01, y = -1.51111514016986312e+01, z = -2.23307578892655734e-01,
   vx = 2.96460137564761618e-03 * dpy, vy = 2.37847173959480950e-03 * dpy, vz = -2.96589568540237556e-05 * dpy,
   mass = 4.36624404335156298e-05 * solarmass},
  {x = 1.53796971148509165e+01, y = -2.59193146099879641e+01, z = 1.79258772950371181e-01,
   vx = 2.68067772490389322e-03 * dpy, vy = 1.62824170038242295e-03 * dpy, vz = -9.51592254519715870e-05 * dpy,
   mass = 5.15138902046611451e-05 * solarmass},
}
local n = #bodies
local function advance(dt)
  for i = 1, n do
    local a = bodies[i]
    for j = i + 1, n do
      local b = bodies[j]
      local dx, dy, dz = a.x - b.x, a.y - b.y, a.z - b.z
      local d2 = dx * dx + dy * dy + dz * dz
      local mag = dt / (d2 * math.sqrt(d2))
      local bm, am = b.mass * mag, a.mass * mag
      a.vx, a.vy, a.vz = a.vx - dx * bm, a.vy - dy * bm, a.vz - dz * bm
      b.vx, b.vy, b.vz = b.vx + dx * am, b.vy + dy * am, b.vz + dz * am
    end
  end
  for i = 1, n do
    local b = bodies[i]
    b.x, b.y, b.z = b.x + dt * b.vx, b.y + dt * b.vy, b.z + dt * b.vz
  end
end
local function energy()
  local e = 0
  for i = 1, n do
    local a = bodies[i]
    e = e + 0.5 * a.mass * (a.vx * a.vx + a.vy * a.vy + a.vz * a.vz)
    for j = i + 1, n do
      local b = bodies[j]
      local dx, dy, dz = a.x - b.x, a.y - b.y, a.z - b.z
      e = e - a.mass * b.mass / math.sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return e
end
local px, py, pz = 0, 0, 0
for i = 1, n do
  local b = bodies[i]
  px, py, pz = px + b.vx * b.mass, py + b.vy * b.mass, pz + b.vz * b.mass
end
bodies[1].vx, bodies[1].vy, bodies[1].vz = -px / solarmass, -py / solarmass, -pz / solarmass
print(string.format("%.9f", energy()))
for _ = 1, tonumber(arg and arg[1]) or 200000 do advance(0.01) end
print(string.format("%.9f", energy()))
