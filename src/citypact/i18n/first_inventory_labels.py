"""Words for the codes of the first inventory (domain/first_inventory.py)."""

from __future__ import annotations

from citypact.i18n.labels import N_

NEED_LABELS = {
    "aviation": N_("Fuel of flights inside the city (airport statistics)"),
    "biological_treatment": N_("Tonnes of waste composted or digested"),
    "building_energy": N_("Electricity, gas, heating oil and district heat used in buildings"),
    "farm_energy": N_("Fuel and electricity of farms, forestry and fishing"),
    "fugitive_coal": N_("Coal mined, processed or stored in the city"),
    "fugitive_gas": N_("Length of gas pipes and gas leaks"),
    "incineration": N_("Tonnes of waste incinerated or burnt in the open"),
    "industry_energy": N_("Fuel and electricity used by factories and construction"),
    "off_road": N_("Fuel of construction and other off-road machines"),
    "other_energy": N_("Energy use not attributed to another subsector"),
    "plant_auxiliary_energy": N_("Own energy use of power plants in the city"),
    "rail_transport": N_("Diesel and electricity of trains in the city"),
    "road_transport": N_("Fuel sold or vehicle-kilometres driven in the city"),
    "solid_waste": N_("Tonnes of solid waste landfilled, and its composition"),
    "wastewater": N_("Population connected to sewers and wastewater treatment"),
    "waterborne_transport": N_("Fuel of boats and ferries within the city"),
}
SOURCE_LABELS = {
    "agriculture_statistics": N_("agricultural statistics"),
    "airport_statistics": N_("airport statistics"),
    "energy_balance": N_("regional energy balance"),
    "fuel_sales": N_("fuel sales of filling stations and traders"),
    "gas_supplier": N_("the gas supplier"),
    "grid_operator": N_("the grid operator"),
    "incinerator_operator": N_("the incinerator's operator"),
    "industry_register": N_("the register of industrial plants"),
    "landfill_operator": N_("the landfill's operator"),
    "machinery_stock": N_("stock of machines and their hours"),
    "mining_operators": N_("mining companies"),
    "municipal_energy": N_("energy accounts of municipal buildings"),
    "plant_operators": N_("power plant operators"),
    "port_statistics": N_("port statistics"),
    "rail_operator": N_("the rail operator"),
    "traffic_counts": N_("traffic counts"),
    "transit_operator": N_("the public transport operator"),
    "utility_bills": N_("utilities' bills"),
    "waste_statistics": N_("waste statistics"),
    "wastewater_utility": N_("the wastewater utility"),
}
STATE_LABELS = {
    "missing": N_("missing"),
    "estimate": N_("first estimate"),
    "local": N_("local data"),
}
LEVEL_LABELS = {
    "country": N_("cities of the same country"),
    "region": N_("cities of the same world region"),
    "world": N_("all reported cities"),
}

FIRST_INVENTORY_LABELS = {
    "needs": NEED_LABELS,
    "sources": SOURCE_LABELS,
    "states": STATE_LABELS,
    "levels": LEVEL_LABELS,
}
